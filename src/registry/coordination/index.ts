// coordination.k8s.io/v1 resources.
import type { AnyStrategy } from '../strategy.js';
import { leases } from './leases.js';

export const coordinationStrategies: AnyStrategy[] = [leases];
