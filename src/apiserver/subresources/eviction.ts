// pods/eviction (policy/v1 Eviction): delete a pod unless that would break its PodDisruptionBudget,
// with upstream's EvictionREST rules: terminal, pending and terminating pods go at once; otherwise
// the one matching PDB must allow a disruption, which the eviction takes (decrementing
// status.disruptionsAllowed and recording the pod in status.disruptedPods) before deleting.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.js';
import type { KObject } from '../../api/object.js';
import { Errors, StatusError } from '../../machinery/errors.js';
import { labelSelectorFromObject, matchesLabels } from '../../machinery/selectors.js';
import { rfc3339 } from '../../registry/generic/store.js';
import { decodeAs, dryRunOf, requireNameMatch, sendCreatedStatus, unknownError } from './body.js';
import { admitCreate, type Subresource, type SubresourceContext } from './index.js';

/** Upstream's cap on status.disruptedPods: past it the PDB controller has fallen behind. */
const MAX_DISRUPTED_POD_SIZE = 2000;
const RETRIES = 20;

/** The Eviction's deleteOptions: what the pod's DELETE is made with. */
interface DeleteOptions {
  dryRun?: string[];
  preconditions?: { uid?: string; resourceVersion?: string };
  gracePeriodSeconds?: number;
}

function tooManyRequests(cause: string, retryAfterSeconds: number): StatusError {
  const details: StatusError['status']['details'] = { causes: [{ reason: 'DisruptionBudget', message: cause }] };
  if (retryAfterSeconds > 0) details.retryAfterSeconds = retryAfterSeconds;
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: "Cannot evict pod as it would violate the pod's disruption budget.",
    reason: 'TooManyRequests',
    details,
    code: 429,
  });
}

const stillProcessing = (pdb: string) => tooManyRequests(`The disruption budget ${pdb} is still being processed by the server.`, 10);

const phase = (pod: Pod) => pod.status?.phase;
const canIgnorePDB = (pod: Pod) => phase(pod) === 'Succeeded' || phase(pod) === 'Failed' || phase(pod) === 'Pending' || !!pod.metadata?.deletionTimestamp;
// Pinning the pod's resourceVersion keeps a pod that just became ready from slipping past the budget.
const shouldEnforceRV = (pod: Pod) => !(phase(pod) === 'Succeeded' || phase(pod) === 'Failed' || pod.metadata?.deletionTimestamp);
const isReady = (pod: Pod) => (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** The request's dryRun and the Eviction's deleteOptions.dryRun must agree when both are set. */
function propagateDryRun(query: URLSearchParams, opts: DeleteOptions): boolean {
  const fromQuery = query.getAll('dryRun');
  const fromBody = opts.dryRun ?? [];
  if (fromQuery.length && fromBody.length && JSON.stringify(fromQuery) !== JSON.stringify(fromBody))
    throw unknownError(`Non-matching dry-run options in request and content: [${fromQuery.join(' ')}] and [${fromBody.join(' ')}]`);
  return dryRunOf(query, fromBody);
}

/** PDBs in the pod's namespace whose (non-empty, valid) selector matches the pod. */
async function budgetsFor(c: SubresourceContext, pod: Pod): Promise<PodDisruptionBudget[]> {
  const store = c.registry.lookup('policy', 'v1', 'poddisruptionbudgets')!.store;
  const { items } = await store.list(c.info.namespace);
  return (items as PodDisruptionBudget[]).filter((pdb) => {
    const sel = pdb.spec?.selector;
    if (!sel || (!Object.keys(sel.matchLabels ?? {}).length && !sel.matchExpressions?.length)) return false;
    try {
      return matchesLabels(labelSelectorFromObject(sel as never), pod.metadata?.labels);
    } catch {
      return false; // an invalid selector matches nothing
    }
  });
}

/** checkAndDecrement: take one allowed disruption from the budget, or say why not. */
function takeDisruption(pdb: PodDisruptionBudget, podName: string, now: Date): void {
  const name = pdb.metadata!.name!;
  const status = (pdb.status ?? {}) as NonNullable<PodDisruptionBudget['status']> & Record<string, unknown>;
  if ((status.observedGeneration ?? 0) < (pdb.metadata!.generation ?? 0)) throw stillProcessing(name);
  const allowed = status.disruptionsAllowed ?? 0;
  const gr = { group: 'policy', resource: 'poddisruptionbudget' };
  if (allowed < 0) throw Errors.forbidden(gr, name, 'pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE)
    throw Errors.forbidden(gr, name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  if (allowed === 0)
    throw tooManyRequests(`The disruption budget ${name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`, 0);
  status.disruptionsAllowed = allowed - 1;
  if (status.disruptionsAllowed === 0) {
    // pdbhelper.UpdateDisruptionAllowedCondition, as apimeta.SetStatusCondition applies it.
    const conditions = (status.conditions ??= []);
    const want = { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: status.observedGeneration };
    const i = conditions.findIndex((x) => x.type === 'DisruptionAllowed');
    if (i < 0) conditions.push({ ...want, lastTransitionTime: rfc3339(now) });
    else conditions[i] = { ...conditions[i]!, ...want, message: conditions[i]!.message, lastTransitionTime: conditions[i]!.status === 'False' ? conditions[i]!.lastTransitionTime : rfc3339(now) };
  }
  // Tells the disruption controller this pod is on its way out.
  status.disruptedPods = { ...status.disruptedPods, [podName]: rfc3339(now) };
  pdb.status = status;
}

export const eviction: Subresource = {
  parent: { group: '', version: 'v1', resource: 'pods' },
  name: 'eviction',
  kind: { kind: 'Eviction', group: 'policy', version: 'v1' },
  verbs: ['create'],
  async handle(c) {
    const { obj, warnings } = await decodeAs(c, { group: 'policy', version: 'v1', kind: 'Eviction', alsoVersions: ['v1beta1'] });
    requireNameMatch(c, obj, 'Eviction');
    const opts = ((obj as KObject & { deleteOptions?: DeleteOptions }).deleteOptions ?? {}) as DeleteOptions;
    const dryRun = propagateDryRun(c.query, opts);
    warnings.push(...(await admitCreate(c, obj, { group: 'policy', version: 'v1', kind: 'Eviction' }, dryRun)));
    const userRV = opts.preconditions?.resourceVersion;
    const pods = c.served.store;
    const { namespace, name } = c.info;
    const deletePod = (pod: Pod, pinRV: boolean) =>
      pods.delete(namespace, name, {
        dryRun,
        gracePeriodSeconds: opts.gracePeriodSeconds,
        preconditions: pinRV && !userRV ? { ...opts.preconditions, resourceVersion: pod.metadata!.resourceVersion } : opts.preconditions,
      });
    const isConflict = (err: unknown) => err instanceof StatusError && err.code === 409;

    // Pods that disrupt nothing by going are deleted directly, retrying when they change meanwhile.
    let pod: Pod;
    for (let attempt = 0; ; attempt++) {
      pod = (await pods.get(namespace, name)) as Pod;
      if (!canIgnorePDB(pod)) break;
      try {
        await deletePod(pod, shouldEnforceRV(pod));
        return sendCreatedStatus(c.res, {}, warnings);
      } catch (err) {
        if (!isConflict(err) || userRV || attempt >= RETRIES) throw err;
      }
    }

    const budgets = await budgetsFor(c, pod);
    if (budgets.length > 1)
      return sendCreatedStatus(c.res, { status: 'Failure', message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.', code: 500 }, warnings);
    let pinRV = false;
    const pdb = budgets[0];
    if (pdb) {
      const s: NonNullable<PodDisruptionBudget['status']> | Record<string, never> = pdb.status ?? {};
      const desired = s.desiredHealthy ?? 0;
      // An unready pod does not count as healthy: evicting it costs the budget nothing.
      if (!isReady(pod) && (s.currentHealthy ?? 0) >= desired && desired > 0) pinRV = true;
      else {
        const store = c.registry.lookup('policy', 'v1', 'poddisruptionbudgets')!.store;
        await store.guaranteedUpdate(
          namespace,
          pdb.metadata!.name!,
          (current) => {
            takeDisruption(current as PodDisruptionBudget, name, c.now());
            return current;
          },
          { subresource: 'status', dryRun },
        );
      }
    }
    try {
      await deletePod(pod, pinRV);
    } catch (err) {
      // The pod changed after we decided it was unready: let the client retry.
      if (isConflict(err) && pinRV && !userRV) throw stillProcessing(pdb!.metadata!.name!);
      throw err;
    }
    sendCreatedStatus(c.res, {}, warnings);
  },
};
