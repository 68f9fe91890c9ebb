// Completion of positional arguments and flag values from the server and the kubeconfig, as
// kubectl 1.25's pkg/util/completion does it: resource types (`api-resources -o name --cached
// --verbs=get`), names of a type (a `get` in the current namespace), the <type>/<name> form, and
// contexts, clusters and users. Every lookup swallows its errors: a completion never fails aloud.
import type { CompleteRequest, Completions } from '../command.js';
import { groupResource } from '../discovery.js';
import type { Factory } from '../factory.js';
import { loadKubeconfig } from '../kubeconfig.js';

export const NO_SPACE = 2;
export const NO_FILE_COMP = 4;

const hasPrefix = (prefix: string) => (s: string) => s.startsWith(prefix);

/** `api-resources -o name --verbs=get` in its order (group, then name), the last of a comma list completed. */
export async function resourceTypes(f: Factory, toComplete: string): Promise<string[]> {
  let all;
  try {
    all = await f.discovery().resources();
  } catch {
    return [];
  }
  // As ServerPreferredResources: each group/resource once, at the first (preferred) version serving it.
  const seen = new Map<string, { group: string; name: string }>();
  for (const r of all) {
    const key = groupResource(r);
    if (!seen.has(key) && r.verbs.includes('get')) seen.set(key, { group: r.group, name: key });
  }
  const names = [...seen.values()].sort((a, b) => (a.group === b.group ? cmp(a.name, b.name) : cmp(a.group, b.group))).map((r) => r.name);
  const comma = toComplete.lastIndexOf(',');
  const head = toComplete.slice(0, comma + 1);
  return names.filter(hasPrefix(toComplete.slice(comma + 1))).map((n) => head + n);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Names of the objects of `type` (a comma list allowed) in the current namespace, kubectl's CompGetResource. */
export async function resourceNames(f: Factory, type: string, toComplete: string): Promise<string[]> {
  const out: string[] = [];
  for (const t of type.split(',').filter(Boolean)) {
    try {
      const info = await f.resource(t);
      const client = f.rest().resource(info);
      const namespace = info.namespaced ? f.namespace().namespace : undefined;
      let cont: string | undefined;
      do {
        const list = await client.list({ namespace, limit: 500, continue: cont });
        for (const o of list.items) if (o.metadata.name) out.push(o.metadata.name);
        cont = list.metadata.continue || undefined;
      } while (cont);
    } catch {
      /* unknown type, server down: nothing to offer for it */
    }
  }
  return out.filter(hasPrefix(toComplete));
}

export interface TypeAndNameOptions {
  /** Only these types are offered (kubectl's SpecifiedResourceTypeAndName…CompletionFunc). */
  allowedTypes?: string[];
  /** Whether more than one name (or <type>/<name>) may follow; false for single-object verbs. */
  allowRepeat?: boolean;
}

/** `TYPE NAME…` and `TYPE/NAME…`: types first, then names of that type. */
export function typeAndName(o: TypeAndNameOptions = {}) {
  const allowRepeat = o.allowRepeat ?? true;
  return async (req: CompleteRequest): Promise<Completions> => {
    const { args, toComplete, f } = req;
    let directive = NO_FILE_COMP;
    let values: string[] = [];
    if (args.length > 0 && !args[0]!.includes('/')) {
      if (allowRepeat || args.length === 1) values = (await resourceNames(f, args[0]!, toComplete)).filter((n) => !args.slice(1).includes(n));
    } else if (!toComplete.includes('/')) {
      const types = o.allowedTypes ? o.allowedTypes.filter(hasPrefix(toComplete)) : await resourceTypes(f, toComplete);
      if (args.length === 0) values = types;
      else if (allowRepeat) {
        // The first argument was TYPE/NAME: the others must take that form too.
        directive |= NO_SPACE;
        values = types.map((t) => `${t}/`);
      }
    } else if (allowRepeat || args.length === 0) {
      const type = toComplete.slice(0, toComplete.indexOf('/'));
      values = (await resourceNames(f, type, toComplete.slice(type.length + 1))).map((n) => `${type}/${n}`);
    }
    return { values, directive };
  };
}

/** kubectl's ResourceTypeAndNameCompletionFunc (get, describe, delete, label, edit, patch…). */
export const completeResourceArgs = typeAndName();

/** The first argument is a name of `type` (kubectl's ResourceNameCompletionFunc). */
export function namesOf(type: string) {
  return async (req: CompleteRequest): Promise<string[]> => (req.args.length === 0 ? resourceNames(req.f, type, req.toComplete) : []);
}

const POD_HOLDERS = ['daemonsets', 'deployments', 'pods', 'jobs', 'replicasets', 'replicationcontrollers', 'services', 'statefulsets'];

/** A pod name or TYPE/NAME of something that has pods (logs, exec, attach, port-forward). */
export async function podOrHolder(f: Factory, toComplete: string): Promise<Completions> {
  const slash = toComplete.indexOf('/');
  if (slash >= 0) {
    const type = toComplete.slice(0, slash);
    return { values: (await resourceNames(f, type, toComplete.slice(slash + 1))).map((n) => `${type}/${n}`), directive: NO_FILE_COMP };
  }
  const pods = await resourceNames(f, 'pod', toComplete);
  const holders = POD_HOLDERS.filter(hasPrefix(toComplete)).map((t) => `${t}/`);
  return { values: [...pods, ...holders], directive: NO_FILE_COMP | (pods.length === 0 ? NO_SPACE : 0) };
}

/** Container names (init containers first) of a pod given as NAME or pod/NAME. */
export async function containersOf(f: Factory, pod: string, toComplete: string): Promise<string[]> {
  const name = pod.startsWith('pod/') || pod.startsWith('pods/') ? pod.slice(pod.indexOf('/') + 1) : pod;
  if (name.includes('/')) return [];
  try {
    const p = (await f.rest().resource({ group: '', version: 'v1', resource: 'pods' }).get(name, f.namespace().namespace)) as { spec?: { initContainers?: { name: string }[]; containers?: { name: string }[] } };
    return [...(p.spec?.initContainers ?? []), ...(p.spec?.containers ?? [])].map((c) => c.name).filter(hasPrefix(toComplete));
  } catch {
    return [];
  }
}

/** Context, cluster or user names of the kubeconfig in use. */
export function kubeconfigNames(f: Factory, kind: 'contexts' | 'clusters' | 'users', toComplete: string): string[] {
  try {
    const loaded = loadKubeconfig({ kubeconfigFlag: f.flags.str('kubeconfig') || undefined, env: f.io.env, home: f.io.home });
    // kubectl walks a Go map (random order); sorted is the stable equivalent.
    return [...loaded.config[kind].keys()].filter(hasPrefix(toComplete)).sort();
  } catch {
    return [];
  }
}
