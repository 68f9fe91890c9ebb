// The core/v1 resources, in the order kube-apiserver v1.25 lists them in discovery.
import type { AnyStrategy } from '../strategy.js';
import { configMaps } from './configmaps.js';
import { endpoints } from './endpoints.js';
import { events } from './events.js';
import { limitRanges } from './limitranges.js';
import { namespaces } from './namespaces.js';
import { nodes } from './nodes.js';
import { persistentVolumeClaims } from './persistentvolumeclaims.js';
import { persistentVolumes } from './persistentvolumes.js';
import { pods } from './pods.js';
import { resourceQuotas } from './resourcequotas.js';
import { secrets } from './secrets.js';
import { serviceAccounts } from './serviceaccounts.js';
import { services } from './services.js';

export const coreStrategies: AnyStrategy[] = [
  configMaps,
  endpoints,
  events,
  limitRanges,
  namespaces,
  nodes,
  persistentVolumeClaims,
  persistentVolumes,
  pods,
  resourceQuotas,
  secrets,
  serviceAccounts,
  services,
];
