// policy/v1 resources.
import type { AnyStrategy } from '../strategy.js';
import { podDisruptionBudgets } from './poddisruptionbudgets.js';

export const policyStrategies: AnyStrategy[] = [podDisruptionBudgets];
