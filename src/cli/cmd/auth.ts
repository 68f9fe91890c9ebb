// kubectl auth can-i (1.25): a SelfSubjectAccessReview for VERB TYPE[/NAME] or VERB /URL (prints
// yes, or no and exits 1), and --list through a SelfSubjectRulesReview, compacted as kubectl does.
import type { Command, RunContext } from '../command.js';
import { matchResource } from '../discovery.js';
import { CliError, type Factory } from '../factory.js';
import { tabwrite } from '../printers/tabwriter.js';

const RESOURCE_VERBS = new Set(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use', 'bind', 'impersonate', '*', 'approve', 'sign', 'escalate']);
const NON_RESOURCE_VERBS = new Set(['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*']);
/** Served but never discovered (impersonation targets). */
const NON_STANDARD = new Set(['users', 'groups']);

const canI: Command = {
  name: 'can-i',
  short: 'Check whether an action is allowed',
  flags: [
    { name: 'all-namespaces', shorthand: 'A', type: 'bool', usage: 'If true, check the specified action in all namespaces.' },
    { name: 'quiet', shorthand: 'q', type: 'bool', usage: 'If true, suppress output and just return the exit code.' },
    { name: 'subresource', type: 'string', usage: 'SubResource such as pod/log or deployment/scale' },
    { name: 'list', type: 'bool', usage: 'If true, prints all allowed actions.' },
    { name: 'no-headers', type: 'bool', usage: 'If true, prints allowed actions without headers' },
  ],
  run,
};

export const command: Command = { name: 'auth', short: 'Inspect authorization', sub: [canI] };

interface Gvr {
  group: string;
  version: string;
  resource: string;
}

async function run({ args, flags, f, io }: RunContext): Promise<number> {
  const warn = (msg: string) => io.err(`Warning: ${msg}\n`);
  const subresource = flags.str('subresource');
  if (flags.bool('list')) {
    if (args.length !== 0) throw new CliError('list option must be specified with no arguments');
    if (flags.bool('quiet') || flags.bool('all-namespaces') || subresource) throw new CliError("list option can't be specified with neither quiet, all-namespaces nor subresource options");
    return list(f, flags.bool('no-headers'));
  }
  if (args.length !== 2) throw new CliError('you must specify two or three arguments: verb, resource, and optional resourceName');
  const [verb, target] = args as [string, string];
  let nonResourceURL = '';
  let gvr: Gvr = { group: '', version: '', resource: '' };
  let name = '';
  if (target.startsWith('/')) nonResourceURL = target;
  else {
    const slash = target.indexOf('/');
    const type = slash >= 0 ? target.slice(0, slash) : target;
    if (slash >= 0) name = target.slice(slash + 1);
    gvr = await resourceFor(f, type, warn);
  }
  const allNamespaces = flags.bool('all-namespaces');
  if (nonResourceURL) {
    if (subresource) throw new CliError('--subresource can not be used with NonResourceURL');
    if (!NON_RESOURCE_VERBS.has(verb)) warn(`verb '${verb}' is not a known verb\n`);
  } else if (gvr.resource && !allNamespaces) {
    if (gvr.version) {
      const info = (await f.discovery().resources()).find((r) => r.group === gvr.group && r.version === gvr.version && r.resource === gvr.resource);
      if (info && !info.namespaced) warn(gvr.group ? `resource '${gvr.resource}' is not namespace scoped in group '${gvr.group}'\n` : `resource '${gvr.resource}' is not namespace scoped\n`);
    }
    if (!RESOURCE_VERBS.has(verb)) warn(`verb '${verb}' is not a known verb\n`);
  }
  if (flags.bool('no-headers')) throw new CliError('--no-headers cannot be set without --list specified');
  const namespace = allNamespaces ? '' : f.namespace().namespace;
  const spec = nonResourceURL
    ? { nonResourceAttributes: { path: nonResourceURL, verb } }
    : { resourceAttributes: { namespace: namespace || undefined, verb, group: gvr.group || undefined, resource: gvr.resource || undefined, subresource: subresource || undefined, name: name || undefined } };
  const review = await f.rest().request<{ status?: { allowed?: boolean; reason?: string; evaluationError?: string } }>({
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    body: { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec, status: { allowed: false } },
  });
  const st = review.status ?? {};
  if (!flags.bool('quiet')) {
    if (st.allowed) io.out('yes\n');
    else io.out(`no${st.reason ? ` - ${st.reason}` : ''}${st.evaluationError ? ` - ${st.evaluationError}` : ''}\n`);
  }
  return st.allowed ? 0 : 1;
}

/** kubectl's resourceFor: the RESTMapper's answer, or the word itself with a warning. */
async function resourceFor(f: Factory, arg: string, warn: (m: string) => void): Promise<Gvr> {
  if (arg === '*') return { group: '', version: '', resource: '*' };
  const lower = arg.toLowerCase();
  let all = await f.discovery().resources();
  let hit = matchResource(all, lower);
  if (!hit && (await f.discovery().invalidate())) {
    all = await f.discovery().resources();
    hit = matchResource(all, lower);
  }
  if (hit) return { group: hit.group, version: hit.version, resource: hit.resource };
  // schema.ParseResourceArg's group/resource split: "a.b.c" is resource a in group b.c.
  const dot = lower.indexOf('.');
  const resource = dot >= 0 ? lower.slice(0, dot) : lower;
  const group = dot >= 0 ? lower.slice(dot + 1) : '';
  if (!NON_STANDARD.has(group ? `${resource}.${group}` : resource)) {
    warn(group ? `the server doesn't have a resource type '${resource}' in group '${group}'\n` : `the server doesn't have a resource type '${resource}'\n`);
  }
  return { group: '', version: '', resource: arg };
}

interface Rule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

async function list(f: Factory, noHeaders: boolean): Promise<number> {
  const review = await f.rest().request<{ status?: { resourceRules?: Partial<Rule>[]; nonResourceRules?: Partial<Rule>[]; incomplete?: boolean; evaluationError?: string } }>({
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
    body: { kind: 'SelfSubjectRulesReview', apiVersion: 'authorization.k8s.io/v1', metadata: { creationTimestamp: null }, spec: { namespace: f.namespace().namespace }, status: { resourceRules: null, nonResourceRules: null, incomplete: false } },
  });
  const st = review.status ?? {};
  if (st.incomplete) f.io.err(`Warning: the list may be incomplete: ${st.evaluationError ?? ''}\n`);
  const norm = (r: Partial<Rule>): Rule => ({ verbs: r.verbs ?? [], apiGroups: r.apiGroups ?? [], resources: r.resources ?? [], resourceNames: r.resourceNames ?? [], nonResourceURLs: r.nonResourceURLs ?? [] });
  const rules = [...(st.resourceRules ?? []).map((r) => norm({ ...r, nonResourceURLs: [] })), ...(st.nonResourceRules ?? []).map((r) => norm({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs }))];
  const compact = compactRules(rules.flatMap(breakdown));
  const keyed = compact.map((r) => ({ r, key: ruleString(r) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let text = noHeaders ? '' : 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n';
  for (const { r } of keyed) text += `${combineResourceGroup(r.resources, r.apiGroups)}\t${goList(r.nonResourceURLs)}\t${goList(r.resourceNames)}\t${goList(r.verbs)}\n`;
  f.io.out(tabwrite(text));
  return 0;
}

const goList = (l: string[]) => `[${l.join(' ')}]`;
/** The generated String() of rbacv1.PolicyRule, which kubectl sorts the rules by. */
const ruleString = (r: Rule) => `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},Resources:${goList(r.resources)},ResourceNames:${goList(r.resourceNames)},NonResourceURLs:${goList(r.nonResourceURLs)},}`;

/** One rule per group × resource × verb (× name), and per URL × verb. */
function breakdown(rule: Rule): Rule[] {
  const out: Rule[] = [];
  const one = (p: Partial<Rule>): Rule => ({ verbs: [], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [], ...p });
  for (const g of rule.apiGroups)
    for (const res of rule.resources)
      for (const v of rule.verbs) {
        if (rule.resourceNames.length > 0) for (const n of rule.resourceNames) out.push(one({ apiGroups: [g], resources: [res], verbs: [v], resourceNames: [n] }));
        else out.push(one({ apiGroups: [g], resources: [res], verbs: [v] }));
      }
  for (const u of rule.nonResourceURLs) for (const v of rule.verbs) out.push(one({ nonResourceURLs: [u], verbs: [v] }));
  return out;
}

/** rbac's CompactRules: simple rules (one group, one resource, at most one name) merge their verbs. */
function compactRules(rules: Rule[]): Rule[] {
  const out: Rule[] = [];
  const simple = new Map<string, Rule>();
  for (const r of rules) {
    const isSimple = r.resourceNames.length <= 1 && r.nonResourceURLs.length === 0 && r.apiGroups.length === 1 && r.resources.length === 1;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = JSON.stringify([r.apiGroups[0], r.resources[0], r.resourceNames[0] ?? null]);
    const prev = simple.get(key);
    if (prev) prev.verbs.push(...r.verbs);
    else simple.set(key, { ...r, verbs: [...r.verbs] });
  }
  return [...out, ...simple.values()];
}

/** describe.CombineResourceGroup: `resource.group/sub`. */
function combineResourceGroup(resources: string[], groups: string[]): string {
  if (resources.length === 0) return '';
  const [base, sub] = resources[0]!.split(/\/(.*)/s);
  let s = base!;
  if (groups.length > 0 && groups[0] !== '') s += `.${groups[0]}`;
  if (sub !== undefined) s += `/${sub}`;
  return s;
}
