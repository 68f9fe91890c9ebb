// apiextensions.k8s.io/v1 resources.
import type { AnyStrategy } from '../strategy.js';
import { customResourceDefinitions } from './customresourcedefinitions.js';

export { crdServedVersions, type ServedCRDVersion } from './served.js';
export const apiextensionsStrategies: AnyStrategy[] = [customResourceDefinitions];
