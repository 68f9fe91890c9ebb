// `kubectl config` subcommands (kubectl 1.25 pkg/cmd/config) as functions over a loaded
// kubeconfig. The lead's framework parses flags and prints help; these return what to print.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { defaultFilename, writeCurrentContext, writeEntry } from './kubeconfig-write.js';
import { toYaml as goYaml } from './printers/yaml.js';
import { goJson } from './printers/json.js';
import { printJsonPath } from './printers/jsonpath.js';
import { tabwrite } from './printers/tabwriter.js';
import {
  emptyConfig, KubeconfigError, loadKubeconfig, toV1,
  type KubeConfig, type Loaded, type Obj,
} from './kubeconfig.js';

export interface ConfigResult {
  stdout: string;
  stderr: string;
  code: number;
  /** Print the subcommand's help on stdout before stdout/stderr (kubectl does so on these usage errors). */
  help?: boolean;
}

/** Pluggable printers: the lead can swap in the shared go-yaml printer. */
export interface ConfigPrinters {
  yaml?: (obj: unknown) => string;
}

const ok = (stdout: string, stderr = ''): ConfigResult => ({ stdout, stderr, code: 0 });
const fail = (message: string, stdout = ''): ConfigResult => ({ stdout, stderr: `error: ${message}\n`, code: 1 });
const usage = (args: string[]): ConfigResult => ({ stdout: '', stderr: `error: Unexpected args: [${args.join(' ')}]\n`, code: 1, help: true });

/**
 * Load for config subcommands: like loadKubeconfig, but a missing --kubeconfig file is an empty
 * config (GetStartingConfig), since set-context and friends create it.
 */
export function loadForConfig(o: { kubeconfigFlag?: string; env: Record<string, string | undefined>; home: string }): Loaded {
  try {
    return loadKubeconfig(o);
  } catch (e) {
    if (o.kubeconfigFlag && e instanceof KubeconfigError && e.message.startsWith('stat ')) {
      return { config: emptyConfig(), precedence: [o.kubeconfigFlag], explicit: o.kubeconfigFlag, env: o.env };
    }
    throw e;
  }
}

function cloneConfig(c: KubeConfig): KubeConfig {
  return { ...c, clusters: new Map(c.clusters), users: new Map(c.users), contexts: new Map(c.contexts), preferences: { ...c.preferences } };
}

/** MinifyConfig: only the current context and the cluster and user it names. */
function minify(c: KubeConfig): KubeConfig {
  if (!c.currentContext) throw new KubeconfigError('current-context must exist in order to minify');
  const ctx = c.contexts.get(c.currentContext);
  if (!ctx) throw new KubeconfigError(`cannot locate context ${c.currentContext}`);
  const out = { ...c, clusters: new Map(), users: new Map(), contexts: new Map([[c.currentContext, ctx]]) } as KubeConfig;
  const cl = String(ctx.value.cluster ?? ''), u = String(ctx.value.user ?? '');
  if (cl) {
    if (!c.clusters.has(cl)) throw new KubeconfigError(`cannot locate cluster ${cl}`);
    out.clusters.set(cl, c.clusters.get(cl)!);
  }
  if (u) {
    if (!c.users.has(u)) throw new KubeconfigError(`cannot locate user ${u}`);
    out.users.set(u, c.users.get(u)!);
  }
  return out;
}

/** FlattenConfig: inline the CA, client cert and key files (paths relative to their origin file). */
function flatten(c: KubeConfig): KubeConfig {
  const read = (p: string, origin: string) => {
    const abs = isAbsolute(p) ? p : join(resolvePath(dirname(origin)), p);
    try {
      return readFileSync(abs).toString('base64');
    } catch {
      throw new KubeconfigError(`open ${abs}: no such file or directory`);
    }
  };
  const inline = (m: Map<string, { value: Obj; origin: string }>, pairs: [string, string][]) => {
    for (const [name, e] of [...m].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const v = { ...e.value };
      for (const [pathKey, dataKey] of pairs) {
        if (typeof v[pathKey] === 'string' && v[pathKey]) {
          const data = read(v[pathKey] as string, e.origin);
          delete v[pathKey];
          v[dataKey] = data;
        }
      }
      m.set(name, { value: reorder(v, e.value, pairs), origin: e.origin });
    }
  };
  inline(c.clusters, [['certificate-authority', 'certificate-authority-data']]);
  inline(c.users, [['client-certificate', 'client-certificate-data'], ['client-key', 'client-key-data']]);
  return c;
}

/** Keep Go struct order after swapping a path field for its data field (data follows path in the struct). */
function reorder(v: Obj, original: Obj, pairs: [string, string][]): Obj {
  const order: string[] = [];
  for (const k of Object.keys(original)) {
    const pair = pairs.find(([p]) => p === k);
    if (pair) { if (!order.includes(pair[1])) order.push(pair[1]); } else if (!order.includes(k)) order.push(k);
  }
  for (const k of Object.keys(v)) if (!order.includes(k)) order.push(k);
  const out: Obj = {};
  for (const k of order) if (k in v) out[k] = v[k];
  return out;
}

/** ShortenConfig: what `config view` shows without --raw/--flatten. */
function shorten(c: KubeConfig): KubeConfig {
  for (const [name, e] of c.users) {
    const v = { ...e.value };
    for (const k of ['client-key-data', 'client-certificate-data', 'token']) if (v[k]) v[k] = 'REDACTED';
    c.users.set(name, { ...e, value: v });
  }
  for (const [name, e] of c.clusters) {
    if (e.value['certificate-authority-data']) c.clusters.set(name, { ...e, value: { ...e.value, 'certificate-authority-data': 'DATA+OMITTED' } });
  }
  return c;
}

export interface ViewFlags {
  minify?: boolean;
  raw?: boolean;
  flatten?: boolean;
  /** -o value: yaml (default), json, name, jsonpath=…, jsonpath-as-json is not supported. */
  output?: string;
  /** the global --context: with --minify it picks the context to keep. */
  context?: string;
}

export function configView(loaded: Loaded, flags: ViewFlags = {}, printers: ConfigPrinters = {}): ConfigResult {
  try {
    let c = cloneConfig(loaded.config);
    if (flags.minify) {
      if (flags.context) c.currentContext = flags.context;
      c = minify(c);
    }
    if (flags.flatten) c = flatten(c);
    else if (!flags.raw) c = shorten(c);
    const obj = toV1(c);
    const out = flags.output ?? 'yaml';
    if (out === '' || out === 'yaml') return ok((printers.yaml ?? goYaml)(obj));
    // v1.Config is a typed struct: fields in struct order (toV1 builds them so).
    if (out === 'json') return ok(goJson(obj, { indent: '    ', order: 'insertion' }) + '\n');
    if (out === 'name') return ok('config/<unknown>\n');
    if (out.startsWith('jsonpath=') || out.startsWith('jsonpath-as-json=')) {
      const tpl = out.slice(out.indexOf('=') + 1);
      return ok(printJsonPath(`{${tpl.replace(/^\{|\}$/g, '')}}`, obj));
    }
    return fail(`unable to match a printer suitable for the output format "${out}", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml`);
  } catch (e) {
    if (e instanceof KubeconfigError) return { stdout: '', stderr: e.printed, code: 1 };
    throw e;
  }
}

export function configCurrentContext(loaded: Loaded): ConfigResult {
  const cur = loaded.config.currentContext;
  return cur ? ok(`${cur}\n`) : fail('current-context is not set');
}

export function configUseContext(loaded: Loaded, args: string[]): ConfigResult {
  if (args.length !== 1) return usage(args);
  const name = args[0]!;
  if (!name) return fail('empty context names are not allowed');
  if (!loaded.config.contexts.has(name)) return fail(`no context exists with the name: "${name}"`);
  writeCurrentContext(loaded, name);
  return ok(`Switched to context "${name}".\n`);
}

export function configGetContexts(loaded: Loaded, args: string[], flags: { output?: string; noHeaders?: boolean } = {}): ConfigResult {
  const out = flags.output ?? '';
  if (out !== '' && out !== 'name') {
    return fail(`--output ${out} is not available in kubectl config get-contexts; resetting to default output format`);
  }
  const cfg = loaded.config;
  const errs: string[] = [];
  let names: string[];
  if (args.length === 0) names = [...cfg.contexts.keys()].sort();
  else {
    names = [];
    for (const n of args) (cfg.contexts.has(n) ? names.push(n) : errs.push(`context ${n} not found`));
  }
  let stdout: string;
  if (out === 'name') stdout = names.map((n) => `${n}\n`).join('');
  else {
    const rows = flags.noHeaders ? [] : [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE']];
    for (const n of names) {
      const v = cfg.contexts.get(n)!.value;
      rows.push([cfg.currentContext === n ? '*' : ' ', n, String(v.cluster ?? ''), String(v.user ?? ''), String(v.namespace ?? '')]);
    }
    stdout = rows.length ? tabwrite(rows.map((r) => r.join('\t') + '\n').join('')) : '';
  }
  if (errs.length === 0) return ok(stdout);
  // kubectl prints an aggregate of several errors one per line, without the "error: " prefix.
  if (errs.length === 1) return fail(errs[0]!, stdout);
  return { stdout, stderr: errs.map((e) => `${e}\n`).join(''), code: 1 };
}

export function configGetClusters(loaded: Loaded): ConfigResult {
  return ok('NAME\n' + [...loaded.config.clusters.keys()].sort().map((n) => `${n}\n`).join(''));
}

/** Flags left undefined were not given; a given empty string clears the field (kubectl's Provided()). */
export interface SetContextFlags {
  current?: boolean;
  namespace?: string;
  cluster?: string;
  user?: string;
}

export function configSetContext(loaded: Loaded, args: string[], flags: SetContextFlags = {}): ConfigResult {
  if (args.length > 1) return usage(args);
  let name = args[0] ?? '';
  if (!name && !flags.current) return fail('you must specify a non-empty context name or --current');
  if (name && flags.current) return fail('you cannot specify both a context name and --current');
  if (flags.current) {
    if (!loaded.config.currentContext) return fail('no current context is set');
    name = loaded.config.currentContext;
  }
  const existing = loaded.config.contexts.get(name);
  const base = existing?.value ?? { cluster: '', user: '' };
  const next: Obj = { cluster: flags.cluster ?? base.cluster ?? '', user: flags.user ?? base.user ?? '' };
  const ns = flags.namespace ?? (base.namespace as string | undefined);
  if (ns) next.namespace = ns;
  if (base.extensions) next.extensions = base.extensions;
  writeEntry(loaded, 'contexts', name, next);
  return ok(existing ? `Context "${name}" modified.\n` : `Context "${name}" created.\n`);
}

export function configDeleteContext(loaded: Loaded, args: string[]): ConfigResult {
  if (args.length !== 1) return { stdout: '', stderr: '', code: 0, help: true };
  const name = args[0]!;
  const file = defaultFilename(loaded);
  if (!loaded.config.contexts.has(name)) return fail(`cannot delete context ${name}, not in ${file}`);
  const warn = loaded.config.currentContext === name
    ? 'warning: this removed your active context, use "kubectl config use-context" to select a different one\n'
    : '';
  writeEntry(loaded, 'contexts', name, undefined);
  return ok(`deleted context ${name} from ${file}\n`, warn);
}

export interface ConfigFlags extends ViewFlags, SetContextFlags {
  noHeaders?: boolean;
}

/** Dispatch `kubectl config <sub> args…` (use-context's alias `use` included). undefined = unknown subcommand. */
export function runConfig(sub: string, loaded: Loaded, args: string[], flags: ConfigFlags = {}, printers: ConfigPrinters = {}): ConfigResult | undefined {
  try {
    switch (sub) {
      case 'view': return args.length ? usage(args) : configView(loaded, flags, printers);
      case 'current-context': return configCurrentContext(loaded);
      case 'use-context': case 'use': return configUseContext(loaded, args);
      case 'get-contexts': return configGetContexts(loaded, args, flags);
      case 'get-clusters': return configGetClusters(loaded);
      case 'set-context': return configSetContext(loaded, args, flags);
      case 'delete-context': return configDeleteContext(loaded, args);
      default: return undefined;
    }
  } catch (e) {
    if (e instanceof KubeconfigError) return { stdout: '', stderr: e.printed, code: 1 };
    throw e;
  }
}
