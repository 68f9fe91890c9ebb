// kubectl rollout status|history|undo|restart|pause|resume (1.25), for Deployments (status and
// restart also for DaemonSets and StatefulSets).
import type { KObject } from '../../api/object.js';
import { resourcePath } from '../../client/rest.js';
import type { Command, RunContext } from '../command.js';
import { CliError, type Factory } from '../factory.js';
import { parseDuration } from '../flags.js';
import { errorText } from '../errors.js';
import { objectName } from '../output.js';
import { groupResource } from '../discovery.js';
import { describePodTemplate } from '../describe/podtemplate.js';
import { PrefixWriter } from '../describe/writer.js';
import { CHANGE_CAUSE_ANNOTATION, controlledReplicaSets, REVISION_ANNOTATION, revisionOf, rolloutStatus, StatusError } from './rolloutlib.js';
import { TABBED_STRING, tabwrite } from '../printers/tabwriter.js';
import { DRY_RUN_FLAG, dryRun, FILENAME_FLAGS, type LiveRef, liveRefs, SELECTOR_FLAG } from './common.js';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const FILE_AND_SELECTOR = [...FILENAME_FLAGS('identifying the resource to get from a server.'), SELECTOR_FLAG];

/** Visit, reporting fetch errors kubectl-style at the end (exit 1). */
async function eachObject(ctx: RunContext, fn: (v: LiveRef) => Promise<void>): Promise<number> {
  const { objects, errors } = await liveRefs(ctx, ctx.args, { bareTypeIsAll: true });
  const failures: unknown[] = [...errors];
  for (const v of objects) {
    try {
      await fn(v);
    } catch (err) {
      failures.push(err);
    }
  }
  if (failures.length > 0) {
    ctx.io.err(failures.map((e) => errorText(e, ctx.f)).join('\n') + '\n');
    return 1;
  }
  return 0;
}

const status: Command = {
  name: 'status',
  short: 'Show the status of the rollout',
  flags: [...FILE_AND_SELECTOR, { name: 'watch', shorthand: 'w', type: 'bool', default: true, usage: 'Watch the status of the rollout until it\'s done.' }, { name: 'revision', type: 'int', usage: 'Pin to a specific revision for showing its status. Defaults to 0 (last revision).' }, { name: 'timeout', type: 'duration', default: '0s', usage: 'The length of time to wait before ending watch, zero means never. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h).' }],
  run: async (ctx) => {
    const { objects, errors } = await liveRefs(ctx, ctx.args, { bareTypeIsAll: true });
    if (errors.length > 0) throw errors[0];
    for (const v of objects) await statusOf(ctx, v);
    return 0;
  },
};

/** Print the status of one object, watching (unless --watch=false) until its rollout is done. */
async function statusOf(ctx: RunContext, { info, namespace, obj }: LiveRef): Promise<void> {
    const revision = ctx.flags.int('revision');
    if (revision < 0) throw new CliError('revision must be a positive integer: ' + revision);
    const check = (o: KObject) => {
      try {
        return rolloutStatus(info.kind, o as Obj, revision);
      } catch (err) {
        if (err instanceof StatusError) throw new CliError(err.message);
        throw err;
      }
    };
    const first = check(obj);
    ctx.io.out(first.message);
    if (first.done || !ctx.flags.bool('watch')) return;
    const timeoutMs = parseDuration(ctx.flags.str('timeout'));
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        w.stop();
        fn();
      };
      const w = ctx.f.rest().watch<KObject>(
        { method: 'GET', path: resourcePath(info, namespace), query: { fieldSelector: `metadata.name=${obj.metadata?.name}`, resourceVersion: obj.metadata?.resourceVersion, watch: 'true' } },
        (ev) => {
          if (settled) return;
          if (ev.type === 'DELETED') return finish(() => reject(new CliError('object has been deleted')));
          if (ev.type !== 'ADDED' && ev.type !== 'MODIFIED') return;
          try {
            const s = check(ev.object);
            ctx.io.out(s.message);
            if (s.done) finish(() => resolve());
          } catch (err) {
            finish(() => reject(err));
          }
        },
      );
      const timer = timeoutMs > 0 ? setTimeout(() => finish(() => reject(new CliError('timed out waiting for the condition'))), timeoutMs) : undefined;
      void w.done.then((end) => finish(() => (end.reason === 'error' ? reject(end.error) : reject(new CliError('watch closed before UntilWithoutRetry timeout')))));
    });
}

/** describe.DescribePodTemplate through a PrefixWriter straight onto a buffer (no tab alignment). */
function podTemplateText(template: Obj | undefined): string {
  const w = new PrefixWriter({ aligned: false });
  describePodTemplate(template, w);
  return w.toString();
}

const history: Command = {
  name: 'history',
  short: 'View rollout history',
  flags: [...FILE_AND_SELECTOR, { name: 'revision', type: 'int', usage: 'See the details, including podTemplate of the revision specified' }],
  run: (ctx) =>
    eachObject(ctx, async ({ info, obj }) => {
      if (info.kind !== 'Deployment') throw new CliError(`no history viewer has been implemented for "${info.kind}"`);
      const revision = ctx.flags.int('revision');
      const templates = new Map<number, Obj>();
      for (const rs of await controlledReplicaSets(ctx.f, obj)) {
        const v = revisionOf(rs);
        if (v === undefined) continue;
        const t = structuredClone(rs['spec']?.template ?? {}) as Obj;
        t['metadata'] ??= {};
        const cause = rs['metadata']?.annotations?.[CHANGE_CAUSE_ANNOTATION];
        if (cause) t['metadata'].annotations = { ...(t['metadata'].annotations ?? {}), [CHANGE_CAUSE_ANNOTATION]: cause };
        templates.set(v, t);
      }
      let text: string;
      if (templates.size === 0) text = 'No rollout history found.';
      else if (revision > 0) {
        const t = templates.get(revision);
        if (!t) throw new CliError('unable to find the specified revision');
        text = podTemplateText(t);
      } else {
        const rows = [['REVISION', 'CHANGE-CAUSE'], ...[...templates.keys()].sort((a, b) => a - b).map((r) => [String(r), templates.get(r)!['metadata']?.annotations?.[CHANGE_CAUSE_ANNOTATION] || '<none>'])];
        text = tabwrite(rows.map((r) => r.join('\t') + '\n').join(''), TABBED_STRING);
      }
      ctx.io.out(`${objectName(info, obj.metadata?.name ?? '')} ${revision > 0 ? `with revision #${revision}` : ''}\n${text}\n`);
    }),
};

/** Annotations a rollback keeps from the Deployment rather than taking from the ReplicaSet. */
const SKIPPED_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration', REVISION_ANNOTATION, 'deployment.kubernetes.io/revision-history', 'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas', 'deprecated.deployment.rollback.to']);

const undo: Command = {
  name: 'undo',
  short: 'Undo a previous rollout',
  flags: [...FILE_AND_SELECTOR, { name: 'to-revision', type: 'int', usage: 'The revision to rollback to. Default to 0 (last revision).' }, DRY_RUN_FLAG],
  run: (ctx) => {
    const dry = dryRun(ctx.flags, ctx.io);
    return eachObject(ctx, async ({ info, namespace, obj }) => {
      if (info.kind !== 'Deployment') throw new CliError(`no rollbacker has been implemented for "${info.kind}"`);
      const d = obj as Obj;
      const name = d['metadata'].name as string;
      const to = ctx.flags.int('to-revision');
      const rs = await revisionReplicaSet(ctx.f, obj, to);
      const label = objectName(info, name);
      if (dry === 'client') {
        ctx.io.out(`${label} ${podTemplateText(rs['spec']?.template)} (dry run)\n`);
        return;
      }
      if (d['spec']?.paused) throw new CliError(`you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume deployment/${name}' and try again`);
      const template = structuredClone(rs['spec']?.template ?? {}) as Obj;
      if (sameIgnoringHash(template, d['spec']?.template ?? {})) {
        ctx.io.out(`${label} skipped rollback (current template already matches revision ${to})\n`);
        return;
      }
      if (template['metadata']?.labels) delete template['metadata'].labels['pod-template-hash'];
      const annotations: Record<string, string> = {};
      for (const k of SKIPPED_ANNOTATIONS) if (d['metadata'].annotations?.[k] !== undefined) annotations[k] = d['metadata'].annotations[k];
      for (const [k, v] of Object.entries((rs['metadata']?.annotations ?? {}) as Record<string, string>)) if (!SKIPPED_ANNOTATIONS.has(k)) annotations[k] = v;
      const patch = [
        { op: 'replace', path: '/spec/template', value: template },
        { op: 'replace', path: '/metadata/annotations', value: annotations },
      ];
      await ctx.f.rest().request({ method: 'PATCH', path: resourcePath(info, namespace, name), query: dry === 'server' ? { dryRun: 'All' } : undefined, body: patch, contentType: 'application/json-patch+json' });
      ctx.io.out(`${label} rolled back${dry === 'server' ? ' (server dry run)' : ''}\n`);
    });
  },
};

/** The ReplicaSet of the wanted revision, or of the one before the latest. */
async function revisionReplicaSet(f: Factory, d: KObject, to: number): Promise<Obj> {
  let latest: Obj | undefined;
  let previous: Obj | undefined;
  let latestRev = -1;
  let previousRev = -1;
  for (const rs of await controlledReplicaSets(f, d)) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (to === 0) {
      if (latestRev < v) {
        previousRev = latestRev;
        previous = latest;
        latestRev = v;
        latest = rs;
      } else if (previousRev < v) {
        previousRev = v;
        previous = rs;
      }
    } else if (to === v) return rs;
  }
  if (to > 0) throw new CliError(`unable to find specified revision ${to} in history`);
  if (!previous) throw new CliError(`no rollout history found for deployment "${d.metadata?.name}"`);
  return previous;
}

/** Deep equality of two pod templates, the pod-template-hash label aside. */
function sameIgnoringHash(a: Obj, b: Obj): boolean {
  const strip = (t: Obj) => {
    const c = structuredClone(t) as Obj;
    if (c['metadata']?.labels) {
      delete c['metadata'].labels['pod-template-hash'];
      if (Object.keys(c['metadata'].labels).length === 0) delete c['metadata'].labels;
    }
    return canonical(c);
  };
  return strip(a) === strip(b);
}

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x));

/** Go's time.RFC3339 in local time ("Z" for UTC). */
function rfc3339(d: Date): string {
  const off = -d.getTimezoneOffset();
  const p = (n: number) => String(n).padStart(2, '0');
  const base = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  return off === 0 ? `${base}Z` : `${base}${off > 0 ? '+' : '-'}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
}

const restart: Command = {
  name: 'restart',
  short: 'Restart a resource',
  flags: [...FILE_AND_SELECTOR, { name: 'field-manager', type: 'string', default: 'kubectl-rollout', usage: 'Name of the manager used to track field ownership.' }],
  run: (ctx) =>
    eachObject(ctx, async ({ info, namespace, obj }) => {
      const name = obj.metadata?.name ?? '';
      if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(info.kind)) throw new CliError(`${objectName(info, name)} restarting is not supported`);
      if (info.kind === 'Deployment' && (obj as Obj)['spec']?.paused) throw new CliError(`${groupResource(info)} "${name}" can't restart paused deployment (run rollout resume first)`);
      const patch = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': rfc3339(new Date()) } } } } };
      await ctx.f.rest().request({ method: 'PATCH', path: resourcePath(info, namespace, name), query: { fieldManager: ctx.flags.str('field-manager') }, body: patch, contentType: 'application/strategic-merge-patch+json' });
      ctx.io.out(`${objectName(info, name)} restarted\n`);
    }),
};

/** pause/resume: a strategic patch of spec.paused (Deployments only). */
const pauser = (name: 'pause' | 'resume', paused: boolean): Command => ({
  name,
  short: paused ? 'Mark the provided resource as paused' : 'Resume a paused resource',
  flags: [...FILE_AND_SELECTOR, { name: 'field-manager', type: 'string', default: 'kubectl-rollout', usage: 'Name of the manager used to track field ownership.' }],
  run: (ctx) =>
    eachObject(ctx, async ({ info, namespace, obj }) => {
      const n = obj.metadata?.name ?? '';
      if (info.kind !== 'Deployment') throw new CliError(`${objectName(info, n)} ${paused ? 'pausing' : 'resuming'} is not supported`);
      if (!!(obj as Obj)['spec']?.paused === paused) {
        throw new CliError(`${groupResource(info)} "${n}" ${paused ? 'is already paused' : 'is not paused'}`);
      }
      await ctx.f.rest().request({ method: 'PATCH', path: resourcePath(info, namespace, n), query: { fieldManager: ctx.flags.str('field-manager') }, body: { spec: { paused: paused ? true : null } }, contentType: 'application/strategic-merge-patch+json' });
      ctx.io.out(`${objectName(info, n)} ${paused ? 'paused' : 'resumed'}\n`);
    }),
});

export const command: Command = { name: 'rollout', short: 'Manage the rollout of a resource', sub: [history, pauser('pause', true), restart, pauser('resume', false), status, undo] };
