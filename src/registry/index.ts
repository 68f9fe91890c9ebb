// Every built-in resource Kubette serves, as a literal list of strategies, grouped in the order
// kube-apiserver v1.25 lists its API groups.
import { appsStrategies } from './apps/index.js';
import { apiextensionsStrategies } from './apiextensions/index.js';
import { authenticationStrategies } from './authentication/index.js';
import { authorizationStrategies } from './authorization/index.js';
import { autoscalingStrategies } from './autoscaling/index.js';
import { batchStrategies } from './batch/index.js';
import { coordinationStrategies } from './coordination/index.js';
import { coreStrategies } from './core/index.js';
import { eventsStrategies } from './events/index.js';
import { networkingStrategies } from './networking/index.js';
import { policyStrategies } from './policy/index.js';
import { rbacStrategies } from './rbac/index.js';
import { storageStrategies } from './storage/index.js';
import type { AnyStrategy } from './strategy.js';

export const builtinStrategies: AnyStrategy[] = [
  ...coreStrategies,
  ...appsStrategies,
  ...eventsStrategies,
  ...authenticationStrategies,
  ...authorizationStrategies,
  ...autoscalingStrategies,
  ...batchStrategies,
  ...networkingStrategies,
  ...policyStrategies,
  ...rbacStrategies,
  ...storageStrategies,
  ...apiextensionsStrategies,
  ...coordinationStrategies,
];
