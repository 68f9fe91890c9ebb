// storage.k8s.io/v1 resources.
import type { AnyStrategy } from '../strategy.js';
import { csiDrivers } from './csidrivers.js';
import { csiNodes } from './csinodes.js';
import { storageClasses } from './storageclasses.js';
import { volumeAttachments } from './volumeattachments.js';

export const storageStrategies: AnyStrategy[] = [storageClasses, csiDrivers, csiNodes, volumeAttachments];
