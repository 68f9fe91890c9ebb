// events.k8s.io/v1 resources.
import type { AnyStrategy } from '../strategy.js';
import { events } from './events.js';

export const eventsStrategies: AnyStrategy[] = [events];
