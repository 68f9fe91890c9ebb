// The Job controller's writes to pods, with the events upstream's RealPodControl records on the Job
// (SuccessfulCreate "Created pod: x", SuccessfulDelete "Deleted pod: x", and their failures).
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/object.js';
import type { EventRecorder } from '../../client/events.js';
import { isNotFound, type ResourceClient } from '../../client/rest.js';
import { controllerRef, podFromTemplate } from '../common/pods.js';
import { TRACKING_FINALIZER } from './status.js';

export const asJobObject = (job: Job): KObject => ({ ...job, apiVersion: 'batch/v1', kind: 'Job' }) as KObject;

export class PodControl {
  constructor(
    private readonly pods: ResourceClient<Pod & KObject>,
    private readonly recorder: EventRecorder,
  ) {}

  async create(job: Job, template: PodTemplateSpec, generateName: string): Promise<void> {
    const ns = job.metadata!.namespace!;
    const pod = podFromTemplate(template, ns, generateName, controllerRef(asJobObject(job), 'batch/v1', 'Job'));
    try {
      const created = await this.pods.create(pod as Pod & KObject, { namespace: ns });
      void this.recorder.event(asJobObject(job), 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    } catch (err) {
      void this.recorder.event(asJobObject(job), 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
      throw err;
    }
  }

  /** DELETE the pod (a pod already gone counts as deleted). */
  async delete(job: Job, pod: Pod): Promise<void> {
    try {
      await this.pods.delete(pod.metadata!.name!, { namespace: pod.metadata!.namespace });
      void this.recorder.event(asJobObject(job), 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata!.name}`);
    } catch (err) {
      if (isNotFound(err)) return;
      void this.recorder.event(asJobObject(job), 'Warning', 'FailedDelete', `Error deleting: ${(err as Error).message}`);
      throw err;
    }
  }

  /** Drop the tracking finalizer, leaving any others (a pod already gone counts as done). */
  async removeFinalizer(pod: Pod): Promise<void> {
    if (!pod.metadata?.finalizers?.includes(TRACKING_FINALIZER)) return;
    try {
      await this.pods.patch(pod.metadata.name!, { metadata: { '$deleteFromPrimitiveList/finalizers': [TRACKING_FINALIZER] } }, { namespace: pod.metadata.namespace, type: 'strategic' });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
