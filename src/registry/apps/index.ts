// apps/v1 resources.
import type { AnyStrategy } from '../strategy.js';
import { controllerrevisions } from './controllerrevisions.js';
import { daemonsets } from './daemonsets.js';
import { deployments } from './deployments.js';
import { replicasets } from './replicasets.js';
import { statefulsets } from './statefulsets.js';

export const appsStrategies: AnyStrategy[] = [deployments, replicasets, statefulsets, daemonsets, controllerrevisions];
