// `kubette podsecurity check`: the Pod Security migration report, from a cluster or from manifest
// files. This module does the I/O (flags, files, the API); report.ts decides and renders.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseLevel, parseVersion, type LevelVersion } from '../admission/podsecurity/api.js';
import { renderJson, renderText, ReportBuilder } from '../admission/podsecurity/report.js';
import { readKubeconfig } from '../client/kubeconfig.js';
import { connect, isNotFound, type GroupVersionResource } from '../client/rest.js';
import jsyaml from 'js-yaml';

const groupHelp = `Pod Security tools.

Usage:
  kubette podsecurity check [flags]   report what a Pod Security level would reject, and how to fix it

Run 'kubette podsecurity check --help' for its flags.
`;

const help = `Report the pods and pod templates a Pod Security level would reject, why, and the fields to change.

Usage:
  kubette podsecurity check [--level L] [--version V] [-n NS | -A] [-f FILE_OR_DIR ...] [-o text|json]

Evaluates every Pod, PodTemplate, ReplicationController, ReplicaSet, Deployment, DaemonSet,
StatefulSet, Job and CronJob as PodSecurity admission would, from a cluster or (with -f) from
manifest files, and lists the rejected ones per namespace or file: each failing check with its
reason, and beneath it each field to change, as a full path inside the object. Objects owned by a
listed controller (a Deployment's ReplicaSets and their pods) are counted, not listed.

Examples:
  # Would the current namespace pass restricted?
  kubette podsecurity check
  # Every namespace against baseline, as of v1.23
  kubette podsecurity check -A --level baseline --version v1.23
  # Manifests before they are applied
  kubette podsecurity check -f deploy/ -f extra.yaml -o json
  helm template ./chart | kubette podsecurity check -f -

Flags:
      --level string        privileged, baseline or restricted (default "restricted")
      --version string      policy version, "latest" or "v1.x" (default "latest")
  -n, --namespace string    namespace to check (default: the kubeconfig context's namespace)
  -A, --all-namespaces      check every namespace
  -f, --filename strings    a manifest file, a directory (its *.yaml, *.yml and *.json files) or "-"
                            for stdin; repeatable; checks these instead of a cluster
  -R, --recursive           with -f, read directories recursively
  -o, --output string       "text" or "json" (default "text")
      --kubeconfig string   kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)
      --context string      kubeconfig context (default: its current context)
      --chunk-size int      list from the server in pages of this many objects (default 500; 0: all at once)

Exit status:
  0   nothing would be rejected
  1   something would be rejected, or an error occurred (reported on stderr as "error: ...")
`;

export async function podsecurity(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
    process.stdout.write(groupHelp);
    return 0;
  }
  if (sub !== 'check') throw new Error(`unknown command "${sub}" for "kubette podsecurity" (known: check)`);
  return check(rest);
}

async function check(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      level: { type: 'string', default: 'restricted' },
      version: { type: 'string', default: 'latest' },
      namespace: { type: 'string', short: 'n' },
      'all-namespaces': { type: 'boolean', short: 'A' },
      filename: { type: 'string', short: 'f', multiple: true },
      recursive: { type: 'boolean', short: 'R' },
      output: { type: 'string', short: 'o', default: 'text' },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      'chunk-size': { type: 'string', default: '500' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const level = parseLevel(values.level!);
  if (level.error) throw new Error(`invalid --level ${JSON.stringify(values.level)}: ${level.error}`);
  const version = parseVersion(values.version!);
  if (version.error) throw new Error(`invalid --version ${JSON.stringify(values.version)}: ${version.error}`);
  const output = values.output!;
  if (output !== 'text' && output !== 'json') throw new Error(`invalid --output ${JSON.stringify(output)}: must be text or json`);
  const files = values.filename ?? [];
  if (files.length && (values.namespace !== undefined || values['all-namespaces']))
    throw new Error('--namespace and --all-namespaces check a cluster; they cannot be used with -f');
  if (values.namespace === '') throw new Error('--namespace must not be empty (use -A for every namespace)');
  if (values.namespace !== undefined && values['all-namespaces']) throw new Error('--namespace and --all-namespaces cannot be used together');
  if (values.recursive && !files.length) throw new Error('--recursive applies to -f only');
  const chunkSize = Number(values['chunk-size']);
  if (!/^\d+$/.test(values['chunk-size']!) || !Number.isSafeInteger(chunkSize)) throw new Error(`invalid --chunk-size ${JSON.stringify(values['chunk-size'])}: must be 0 or a positive integer`);

  const lv: LevelVersion = { level: level.level, version: version.version };
  const builder = files.length ? await fromFiles(lv, files, !!values.recursive) : await fromCluster(lv, values, chunkSize);
  const report = builder.finish();
  // A reader that stops early (`| head`) is no error: exit as the report would have.
  const code = report.totals.rejected > 0 ? 1 : 0;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(code);
  });
  process.stdout.write(output === 'json' ? renderJson(report) : renderText(report));
  return code;
}

// ---- offline: manifest files ----

const MANIFEST = /\.(ya?ml|json)$/i;

function expand(path: string, recursive: boolean, out: string[]): void {
  const entries = readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const e of entries) {
    const p = join(path, e.name);
    if (e.isDirectory()) {
      if (recursive) expand(p, recursive, out);
    } else if (MANIFEST.test(e.name)) out.push(p);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The documents of a file: JSON parses natively; anything else, or JSON that fails, as YAML (JSON is YAML). */
function parseDocuments(text: string, name: string): unknown[] {
  const start = text.trimStart()[0];
  if (start === '{' || start === '[') {
    try {
      return [JSON.parse(text)];
    } catch {
      /* flow-style YAML, or broken JSON: the YAML parser says where */
    }
  }
  try {
    // js-yaml reads manifest streams about ten times faster than the yaml library, which matters
    // for a cluster's worth of manifests. Core schema (no timestamps: YAML 1.2 as kubectl reads
    // it); json: repeated keys allowed, the last winning, as the API server decodes them.
    return jsyaml.loadAll(text, undefined, { schema: jsyaml.CORE_SCHEMA, json: true });
  } catch (err) {
    const e = err as { reason?: string; mark?: { line: number; column: number }; message: string };
    const where = e.mark ? ` at line ${e.mark.line + 1}, column ${e.mark.column + 1}` : '';
    throw new Error(`${name}: invalid YAML: ${e.reason ?? e.message}${where}`);
  }
}

async function fromFiles(lv: LevelVersion, paths: string[], recursive: boolean): Promise<ReportBuilder> {
  const builder = new ReportBuilder(lv, 'file');
  for (const path of paths) {
    let files = [path];
    if (path !== '-') {
      try {
        if (statSync(path).isDirectory()) expand(path, recursive, (files = []));
      } catch (err) {
        throw new Error(`${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
      }
    }
    for (const file of files) {
      const name = file === '-' ? '<stdin>' : file;
      let text: string;
      try {
        text = file === '-' ? await readStdin() : readFileSync(file, 'utf8');
      } catch (err) {
        throw new Error(`${name}: cannot read: ${(err as Error).message}`);
      }
      builder.group(name);
      parseDocuments(text, name).forEach((doc, i) => builder.add(name, doc, { document: i + 1 }));
    }
  }
  return builder;
}

// ---- cluster mode ----

interface Workload extends GroupVersionResource {
  kind: string;
}

const WORKLOADS: Workload[] = [
  { group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob' },
  { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment' },
  { group: 'apps', version: 'v1', resource: 'statefulsets', kind: 'StatefulSet' },
  { group: 'apps', version: 'v1', resource: 'daemonsets', kind: 'DaemonSet' },
  { group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job' },
  { group: 'apps', version: 'v1', resource: 'replicasets', kind: 'ReplicaSet' },
  { group: '', version: 'v1', resource: 'replicationcontrollers', kind: 'ReplicationController' },
  { group: '', version: 'v1', resource: 'podtemplates', kind: 'PodTemplate' },
  { group: '', version: 'v1', resource: 'pods', kind: 'Pod' },
];

interface ClusterFlags {
  namespace?: string;
  'all-namespaces'?: boolean;
  kubeconfig?: string;
  context?: string;
}

function kubeconfigPath(flag: string | undefined): string {
  if (flag) return flag;
  const env = (process.env['KUBECONFIG'] ?? '').split(':').filter(Boolean);
  // KUBECONFIG may list several files; the first that exists names the cluster (no merging).
  return env.find((p) => statSync(p, { throwIfNoEntry: false })) ?? env[0] ?? join(homedir(), '.kube', 'config');
}

async function fromCluster(lv: LevelVersion, flags: ClusterFlags, chunkSize: number): Promise<ReportBuilder> {
  const path = kubeconfigPath(flags.kubeconfig);
  let config;
  try {
    config = readKubeconfig(path, flags.context);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new Error(`kubeconfig ${path} not found (use --kubeconfig, set KUBECONFIG, or check files with -f)`);
    throw err;
  }
  const namespace = flags['all-namespaces'] ? undefined : (flags.namespace ?? config.namespace);
  const builder = new ReportBuilder(lv, 'namespace');
  if (namespace) builder.group(namespace);
  const client = connect(config, { userAgent: 'kubette-podsecurity-check/v1.25' });
  const progress = progressLine(namespace ? `namespace ${namespace}` : 'all namespaces');
  try {
    await Promise.all(
      WORKLOADS.map(async (w) => {
        const type = { apiVersion: w.group ? `${w.group}/${w.version}` : w.version, kind: w.kind };
        const resource = client.resource(w);
        let token: string | undefined;
        do {
          let page;
          try {
            page = await resource.list({ namespace, limit: chunkSize || undefined, continue: token });
          } catch (err) {
            if (isNotFound(err) && token === undefined) return; // a resource this server does not serve
            throw new Error(`listing ${w.resource} in ${namespace ? `namespace ${namespace}` : 'all namespaces'} at ${config.server}: ${(err as Error).message}`);
          }
          for (const item of page.items) builder.add(item.metadata?.namespace ?? namespace ?? '', item, {}, type);
          progress(page.items.length);
          token = page.metadata?.continue || undefined;
        } while (token);
      }),
    );
  } finally {
    progress(-1);
    client.close();
  }
  return builder;
}

/** A single updating "listing … N objects" line on stderr, only when stderr is a terminal; -1 clears it. */
function progressLine(scope: string): (n: number) => void {
  if (!process.stderr.isTTY) return () => {};
  let total = 0;
  return (n) => {
    if (n < 0) return void process.stderr.write('\r\x1b[K');
    total += n;
    process.stderr.write(`\r\x1b[Klisting pods and pod controllers in ${scope}… ${total} objects`);
  };
}
