// autoscaling/v2 and autoscaling/v1 resources (one storage; v2 is the preferred and storage version).
import type { AnyStrategy } from '../strategy.js';
import { horizontalPodAutoscalersV1, horizontalPodAutoscalersV2 } from './horizontalpodautoscalers.js';

export const autoscalingStrategies: AnyStrategy[] = [horizontalPodAutoscalersV2, horizontalPodAutoscalersV1];
