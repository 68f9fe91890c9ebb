// batch/v1 resources.
import type { AnyStrategy } from '../strategy.js';
import { cronjobs } from './cronjobs.js';
import { jobs } from './jobs.js';

export const batchStrategies: AnyStrategy[] = [jobs, cronjobs];
