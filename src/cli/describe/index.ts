// `kubectl describe` as kubectl 1.25.0 prints it: a describer per kind (the generic one for the
// rest), and describeMany for the command's listing, prefix matching, separators and errors.
import { isNotFound, type RestClient } from '../../client/rest.js';

import { gvr, listAll, type DescribeContext, type DescribeTarget, type Describer } from './context.js';

export type { DescribeTarget } from './context.js';

export interface DescribeOptions {
  showEvents: boolean;
  /** List page size (--chunk-size); 500 when left out, 0 for no paging. */
  chunkSize?: number;
  /** The instant ages are measured from (default: now). */
  now?: Date;
}

/** Describers keyed by "group/Kind"; anything else gets the generic describer. */
const DESCRIBERS: Record<string, () => Promise<Describer>> = {
  '/Pod': async () => (await import('./pod.js')).describePod,
  'apps/Deployment': async () => (await import('./deployment.js')).describeDeployment,
  'apps/ReplicaSet': async () => (await import('./deployment.js')).describeReplicaSet,
  'apps/StatefulSet': async () => (await import('./apps.js')).describeStatefulSet,
  'apps/DaemonSet': async () => (await import('./apps.js')).describeDaemonSet,
  '/Namespace': async () => (await import('./namespace.js')).describeNamespace,
  '/Service': async () => (await import('./service.js')).describeService,
  '/ServiceAccount': async () => (await import('./service.js')).describeServiceAccount,
  '/ConfigMap': async () => (await import('./config.js')).describeConfigMap,
  '/Secret': async () => (await import('./config.js')).describeSecret,
  '/Node': async () => (await import('./node.js')).describeNode,
  'batch/Job': async () => (await import('./batch.js')).describeJob,
  'batch/CronJob': async () => (await import('./batch.js')).describeCronJob,
};

async function describerFor(target: DescribeTarget): Promise<Describer> {
  const load = DESCRIBERS[`${target.group}/${target.kind}`];
  return load ? load() : (await import('./generic.js')).describeGeneric;
}

function context(rest: RestClient, target: DescribeTarget, namespace: string | undefined, name: string, opts: DescribeOptions): DescribeContext {
  return {
    rest,
    target,
    namespace: target.namespaced ? (namespace ?? 'default') : '',
    name,
    showEvents: opts.showEvents,
    chunkSize: opts.chunkSize ?? 500,
    now: opts.now ?? new Date(),
  };
}

/** The description of one object; rejects with the server's StatusError when it cannot be read. */
export async function describe(rest: RestClient, target: DescribeTarget, namespace: string | undefined, name: string, opts: DescribeOptions): Promise<string> {
  const d = await describerFor(target);
  return d(context(rest, target, namespace, name, opts));
}

export { errorText } from '../errors.js';
import { errorText } from '../errors.js';

export interface DescribeManySelection {
  /** A name (`describe pod web`): an exact match, else every object whose name starts with it. */
  name?: string;
  /** `describe pod/web`: the exact name only, no prefix matching. */
  exactName?: boolean;
  labelSelector?: string;
  allNamespaces?: boolean;
}

export interface DescribeManyResult {
  stdout: string;
  stderr: string;
  code: number;
}

/**
 * `kubectl describe TYPE [NAME_PREFIX | -l selector]`: one object, every listed object separated by
 * "\n\n", or (when the name is not found) every object whose name starts with it, each followed by
 * "\n"; errors on stderr as kubectl words them, exit code 1.
 */
export async function describeMany(rest: RestClient, target: DescribeTarget, namespace: string | undefined, sel: DescribeManySelection, opts: DescribeOptions): Promise<DescribeManyResult> {
  const ns = namespace ?? 'default';
  const base = context(rest, target, ns, '', opts);
  const d = await describerFor(target);
  const one = (name: string, objNs: string) => d({ ...base, name, namespace: target.namespaced ? objNs : '' });
  if (sel.name !== undefined) {
    try {
      // kubectl's builder fetches the object first; only then does a describer run (a describer's own
      // "not found, but found events" answer is for objects that vanish in between).
      await rest.resource(gvr(target)).get(sel.name, target.namespaced ? ns : '');
      return { stdout: await one(sel.name, ns), stderr: '', code: 0 };
    } catch (err) {
      if (!isNotFound(err) || sel.exactName) return { stdout: '', stderr: errorText(err) + '\n', code: 1 };
      // DescribeMatchingResources: the whole list of the type in the namespace, names by prefix.
      let out = '';
      try {
        const items = await listAll(base, gvr(target), { namespace: target.namespaced ? ns : undefined });
        for (const item of items) {
          if (!String(item.metadata?.name ?? '').startsWith(sel.name)) continue;
          out += (await one(item.metadata.name, item.metadata.namespace ?? ns)) + '\n';
        }
      } catch (err2) {
        return { stdout: out, stderr: errorText(err2) + '\n', code: 1 };
      }
      return out ? { stdout: out, stderr: '', code: 0 } : { stdout: '', stderr: errorText(err) + '\n', code: 1 };
    }
  }
  let items: any[];
  try {
    items = await listAll(base, gvr(target), {
      namespace: target.namespaced && !sel.allNamespaces ? ns : undefined,
      labelSelector: sel.labelSelector,
    });
  } catch (err) {
    return { stdout: '', stderr: errorText(err) + '\n', code: 1 };
  }
  if (items.length === 0) {
    return { stdout: '', stderr: sel.allNamespaces ? 'No resources found\n' : `No resources found in ${ns} namespace.\n`, code: 0 };
  }
  let stdout = '';
  let first = true;
  const errors: string[] = [];
  for (const item of items) {
    try {
      const s = await one(item.metadata.name, item.metadata.namespace ?? ns);
      stdout += first ? s : `\n\n${s}`;
      first = false;
    } catch (err) {
      const text = errorText(err);
      if (!errors.includes(text)) errors.push(text);
    }
  }
  return { stdout, stderr: errors.map((e) => e + '\n').join(''), code: errors.length > 0 ? 1 : 0 };
}
