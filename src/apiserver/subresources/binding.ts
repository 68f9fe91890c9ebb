// pods/binding (core/v1 Binding): assign a pending pod to a node, as the scheduler does. Pod updates
// may not change spec.nodeName, so, like upstream's BindingREST, this writes through a store that
// skips the pod's update rules, and sets the PodScheduled condition in the same write.
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import { Errors } from '../../machinery/errors.js';
import { aggregateString, notSupported, required, type FieldError } from '../../machinery/fielderrors.js';
import { pods } from '../../registry/core/pods.js';
import { rfc3339 } from '../../registry/generic/store.js';
import type { AnyStrategy } from '../../registry/strategy.js';
import { decodeAs, dryRunOf, requireNameMatch, sendCreatedStatus, unknownError } from './body.js';
import type { Subresource } from './index.js';

/** Pods as stored, without defaulting, update preparation or update validation; status is written as given. */
const bindingStrategy: AnyStrategy = { ...pods, subresources: {}, defaults: undefined, prepareForUpdate: undefined, validateUpdate: undefined, warnings: undefined };

const podsGR = { group: '', resource: 'pods' };
const bindingGR = { group: '', resource: 'pods/binding' };

interface Binding {
  metadata: { name?: string; uid?: string; resourceVersion?: string; annotations?: Record<string, string> };
  target?: { kind?: string; name?: string };
}

/** ValidatePodBinding; upstream returns it as a plain error, so it reaches clients as a 500. */
function validateBinding(b: Binding): void {
  const errs: FieldError[] = [];
  const kind = b.target?.kind;
  if (kind && kind !== 'Node') errs.push(notSupported('target.kind', kind, ['Node', '<empty>']));
  if (!b.target?.name) errs.push(required('target.name', ''));
  if (errs.length) throw unknownError(aggregateString(errs));
}

/** The precondition failure as etcd3's store words it, wrapped in a Conflict by InterpretUpdateError. */
function preconditionFailed(pod: Pod, what: string): Error {
  const m = pod.metadata!;
  return Errors.conflict(podsGR, m.name!, `StorageError: invalid object, Code: 4, Key: /registry/pods/${m.namespace}/${m.name}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: ${what}`);
}

/** podutil.UpdatePodCondition for PodScheduled=True: keep the transition time when the status is unchanged. */
function setScheduled(pod: Pod, now: Date): void {
  const status = ((pod as { status?: Pod['status'] }).status ??= {});
  const conditions = ((status as { conditions?: PodCondition[] }).conditions ??= []);
  const cond: PodCondition = { type: 'PodScheduled', status: 'True', lastProbeTime: null as never, lastTransitionTime: rfc3339(now) };
  const i = conditions.findIndex((c) => c.type === 'PodScheduled');
  if (i < 0) conditions.push(cond);
  else conditions[i] = { ...cond, lastTransitionTime: conditions[i]!.status === 'True' ? conditions[i]!.lastTransitionTime : cond.lastTransitionTime };
}

export const binding: Subresource = {
  parent: { group: '', version: 'v1', resource: 'pods' },
  name: 'binding',
  kind: { kind: 'Binding' },
  verbs: ['create'],
  async handle(c) {
    const { obj, warnings } = await decodeAs(c, { group: '', version: 'v1', kind: 'Binding' });
    requireNameMatch(c, obj, 'Binding');
    const b = obj as unknown as Binding;
    validateBinding(b);
    const node = b.target!.name!;
    const store = c.storeWith(bindingStrategy);
    await store.guaranteedUpdate(
      c.info.namespace,
      c.info.name,
      (current) => {
        const pod = current as Pod;
        const m = pod.metadata!;
        if (b.metadata.uid && b.metadata.uid !== m.uid) throw preconditionFailed(pod, `UID in precondition: ${b.metadata.uid}, UID in object meta: ${m.uid}`);
        if (b.metadata.resourceVersion && b.metadata.resourceVersion !== m.resourceVersion)
          throw preconditionFailed(pod, `ResourceVersion in precondition: ${b.metadata.resourceVersion}, ResourceVersion in object meta: ${m.resourceVersion}`);
        if (m.deletionTimestamp) throw Errors.conflict(bindingGR, c.info.name, `pod ${m.name} is being deleted, cannot be assigned to a host`);
        if (pod.spec?.nodeName) throw Errors.conflict(bindingGR, c.info.name, `pod ${m.name} is already assigned to node "${pod.spec.nodeName}"`);
        (pod.spec as { nodeName?: string }).nodeName = node;
        if (b.metadata.annotations) (m as { annotations?: Record<string, string> }).annotations = { ...m.annotations, ...b.metadata.annotations };
        setScheduled(pod, c.now());
        return current;
      },
      { dryRun: dryRunOf(c.query) },
    );
    sendCreatedStatus(c.res, {}, warnings);
  },
};
