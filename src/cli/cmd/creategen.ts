// The generator subcommands of `kubectl create`: namespace, deployment, job, cronjob, configmap,
// secret generic and serviceaccount, each building kubectl's object and creating or printing it.
import type { KObject } from '../../api/object.js';
import { resourcePath } from '../../client/rest.js';
import type { Command, RunContext } from '../command.js';
import { CliError } from '../factory.js';
import { collectData, configMapData, secretData, setDataName } from '../generators/data.js';
import { commandArgs, createObject, explicitNamespace, GENERATOR_FLAGS, oneName, requireFlags, type Target } from '../generators/run.js';
import { cronJob, deployment, job, jobFromCronJob, meta, namespaceObj, serviceAccount } from '../generators/workloads.js';

const T = {
  deployments: { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true, failPrefix: 'failed to create deployment: ' },
  jobs: { group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', namespaced: true, failPrefix: 'failed to create job: ' },
  cronjobs: { group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob', namespaced: true, failPrefix: 'failed to create cronjob: ' },
  namespaces: { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false },
  serviceaccounts: { group: '', version: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true, failPrefix: 'failed to create serviceaccount: ' },
  configmaps: { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true, failPrefix: 'failed to create configmap: ' },
  secrets: { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true, failPrefix: 'failed to create secret ' },
} satisfies Record<string, Target>;

const DATA_FLAGS = (what: string) => [
  { name: 'from-literal', type: 'stringArray' as const, usage: `Specify a key and literal value to insert in ${what} (i.e. mykey=somevalue)` },
  { name: 'from-file', type: 'stringSlice' as const, usage: 'Key file can be specified using its file path, in which case file basename will be used as key, or optionally with a key and file path, in which case the given key will be used.  Specifying a directory will iterate each named file in the directory whose basename is a valid key.' },
  { name: 'from-env-file', type: 'stringSlice' as const, usage: `Specify the path to a file to read lines of key=val pairs to create a ${what}.` },
  { name: 'append-hash', type: 'bool' as const, usage: `Append a hash of the ${what} to its name.` },
];

const namespaceCmd: Command = {
  name: 'namespace',
  aliases: ['ns'],
  short: 'Create a namespace with the specified name',
  flags: GENERATOR_FLAGS,
  run: async (ctx) => createObject(ctx, T.namespaces, namespaceObj(oneName(ctx))),
};

const serviceAccountCmd: Command = {
  name: 'serviceaccount',
  aliases: ['sa'],
  short: 'Create a service account with the specified name',
  flags: GENERATOR_FLAGS,
  run: async (ctx) => createObject(ctx, T.serviceaccounts, serviceAccount(oneName(ctx), explicitNamespace(ctx))),
};

const deploymentCmd: Command = {
  name: 'deployment',
  aliases: ['deploy'],
  short: 'Create a deployment with the specified name',
  flags: [
    ...GENERATOR_FLAGS,
    { name: 'image', type: 'stringSlice', usage: 'Image names to run.' },
    { name: 'port', type: 'int', default: -1, usage: 'The port that this container exposes.' },
    { name: 'replicas', shorthand: 'r', type: 'int', default: 1, usage: 'Number of replicas to create. Default is 1.' },
  ],
  run: async (ctx) => {
    requireFlags(ctx, ['image']);
    const name = oneName(ctx);
    const images = ctx.flags.list('image');
    const command = commandArgs(ctx);
    if (images.length > 1 && command.length > 0) throw new CliError('cannot specify multiple --image options and command');
    return createObject(ctx, T.deployments, deployment(name, explicitNamespace(ctx), images, ctx.flags.int('replicas'), ctx.flags.int('port'), command));
  },
};

const jobCmd: Command = {
  name: 'job',
  short: 'Create a job with the specified name',
  flags: [...GENERATOR_FLAGS, { name: 'image', type: 'string', usage: 'Image name to run.' }, { name: 'from', type: 'string', usage: "The name of the resource to create a Job from (only cronjob is supported)." }],
  run: async (ctx) => {
    const name = oneName(ctx);
    const image = ctx.flags.str('image');
    const from = ctx.flags.str('from');
    if ((image === '') === (from === '')) throw new CliError('either --image or --from must be specified');
    const command = commandArgs(ctx);
    if (command.length > 0 && from) throw new CliError('cannot specify --from and command');
    if (!from) return createObject(ctx, T.jobs, job(name, explicitNamespace(ctx), image, command));
    const slash = from.indexOf('/');
    if (slash <= 0) throw new CliError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`);
    const info = await ctx.f.resource(from.slice(0, slash));
    const ns = info.namespaced ? ctx.f.namespace().namespace : undefined;
    const src = await ctx.f.rest().request<KObject>({ method: 'GET', path: resourcePath(info, ns, from.slice(slash + 1)) });
    if (info.kind !== 'CronJob' || info.group !== 'batch') throw new CliError(`unknown object type *${info.version}.${info.kind}`);
    return createObject(ctx, T.jobs, jobFromCronJob(name, explicitNamespace(ctx), src as never));
  },
};

const cronJobCmd: Command = {
  name: 'cronjob',
  aliases: ['cj'],
  short: 'Create a cron job with the specified name',
  flags: [
    ...GENERATOR_FLAGS,
    { name: 'image', type: 'string', usage: 'Image name to run.' },
    { name: 'schedule', type: 'string', usage: 'A schedule in the Cron format the job should be run with.' },
    { name: 'restart', type: 'string', usage: 'job\'s restart policy. supported values: OnFailure, Never' },
  ],
  run: async (ctx) => {
    requireFlags(ctx, ['image', 'schedule']);
    const name = oneName(ctx);
    const restart = ctx.flags.str('restart') || 'OnFailure';
    return createObject(ctx, T.cronjobs, cronJob(name, explicitNamespace(ctx), ctx.flags.str('image'), ctx.flags.str('schedule'), ctx.flags.changed('restart') ? ctx.flags.str('restart') : restart, commandArgs(ctx)));
  },
};

function dataOf(ctx: RunContext, kind: 'ConfigMap' | 'Secret', name: string) {
  setDataName(name);
  return collectData({ kind, literals: ctx.flags.list('from-literal'), files: ctx.flags.list('from-file'), envFiles: ctx.flags.list('from-env-file'), env: ctx.io.env });
}

const configMapCmd: Command = {
  name: 'configmap',
  aliases: ['cm'],
  short: 'Create a config map from a local file, directory or literal value',
  flags: [...GENERATOR_FLAGS, ...DATA_FLAGS('the configmap')],
  run: async (ctx) => {
    const name = oneName(ctx);
    const { data, binaryData } = configMapData(dataOf(ctx, 'ConfigMap', name));
    const obj: Record<string, unknown> = { kind: 'ConfigMap', apiVersion: 'v1', metadata: meta(name, { namespace: explicitNamespace(ctx) }) };
    if (data) obj['data'] = data;
    if (binaryData) obj['binaryData'] = binaryData;
    return createObject(ctx, T.configmaps, obj as unknown as KObject);
  },
};

const secretGenericCmd: Command = {
  name: 'generic',
  short: 'Create a secret from a local file, directory, or literal value',
  flags: [...GENERATOR_FLAGS, ...DATA_FLAGS('secret'), { name: 'type', type: 'string', usage: 'The type of secret to create' }],
  run: async (ctx) => {
    const name = oneName(ctx);
    const data = secretData(dataOf(ctx, 'Secret', name));
    const obj: Record<string, unknown> = { kind: 'Secret', apiVersion: 'v1', metadata: meta(name, { namespace: explicitNamespace(ctx) }) };
    if (data) obj['data'] = data;
    if (ctx.flags.str('type')) obj['type'] = ctx.flags.str('type');
    return createObject(ctx, T.secrets, obj as unknown as KObject);
  },
};

const secretCmd: Command = { name: 'secret', short: 'Create a secret using specified subcommand', sub: [secretGenericCmd] };

export const createSubcommands: Command[] = [configMapCmd, cronJobCmd, deploymentCmd, jobCmd, namespaceCmd, secretCmd, serviceAccountCmd];
