// networking.k8s.io/v1 resources.
import type { AnyStrategy } from '../strategy.js';
import { ingresses } from './ingresses.js';
import { networkPolicies } from './networkpolicies.js';

export const networkingStrategies: AnyStrategy[] = [networkPolicies, ingresses];
