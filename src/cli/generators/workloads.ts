// The objects `kubectl create deployment|job|cronjob|namespace|serviceaccount` generate, built key by
// key in Go struct field order (so -o json matches kubectl's typed encoding byte for byte).
import type { KObject } from '../../api/object.js';

type Obj = Record<string, unknown>;

/** ObjectMeta's fields in struct order (name, namespace, creationTimestamp, labels, annotations, ownerReferences). */
export function meta(name: string, o: { namespace?: string; labels?: Obj; annotations?: Obj; ownerReferences?: unknown[] } = {}): Obj {
  const m: Obj = { name };
  if (o.namespace) m['namespace'] = o.namespace;
  m['creationTimestamp'] = null;
  if (o.labels && Object.keys(o.labels).length > 0) m['labels'] = sortedMap(o.labels);
  if (o.annotations && Object.keys(o.annotations).length > 0) m['annotations'] = sortedMap(o.annotations);
  if (o.ownerReferences) m['ownerReferences'] = o.ownerReferences;
  return m;
}

/** Go marshals maps with their keys sorted. */
export const sortedMap = (m: Obj): Obj => Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]]));

/** A Container with the fields generators set, in struct order. */
export function container(name: string, image: string, command: string[], port = -1): Obj {
  const c: Obj = { name, image };
  if (command.length > 0) c['command'] = command;
  if (port >= 0) c['ports'] = [{ containerPort: port }];
  c['resources'] = {};
  return c;
}

/** The container name kubectl derives from an image: its last path part without tag or digest. */
export function containerNameFromImage(image: string, random: () => string = randomSuffix): string {
  let name = image.split('/').pop()!;
  if (name.includes(':')) name = name.split(':')[0]!;
  if (name.includes('@')) name = name.split('@')[0]!;
  if (/[_.]/.test(name)) name = `${name.replace(/[_.]/g, '-')}-${random()}`;
  return name;
}

/** utilrand.String(5): lowercase consonants and digits, as in generated names. */
function randomSuffix(): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let s = '';
  for (let i = 0; i < 5; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)];
  return s;
}

export function deployment(name: string, namespace: string | undefined, images: string[], replicas: number, port: number, command: string[]): KObject {
  const labels = { app: name };
  const containers = images.map((image, i) => container(containerNameFromImage(image), image, command, i === 0 ? port : -1));
  return {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: meta(name, { namespace, labels }),
    spec: { replicas, selector: { matchLabels: { ...labels } }, template: { metadata: { creationTimestamp: null, labels: { ...labels } }, spec: { containers } }, strategy: {} },
    status: {},
  } as unknown as KObject;
}

export function job(name: string, namespace: string | undefined, image: string, command: string[]): KObject {
  return {
    kind: 'Job',
    apiVersion: 'batch/v1',
    metadata: meta(name, { namespace }),
    spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: [container(name, image, command)], restartPolicy: 'Never' } } },
    status: {},
  } as unknown as KObject;
}

/** `create job --from=cronjob/x`: the CronJob's job template, owned by it and marked as manual. */
export function jobFromCronJob(name: string, namespace: string | undefined, cj: KObject & { spec?: { jobTemplate?: { metadata?: { labels?: Obj; annotations?: Obj }; spec?: unknown } } }): KObject {
  const tmpl = cj.spec?.jobTemplate ?? {};
  const annotations: Obj = { 'cronjob.kubernetes.io/instantiate': 'manual', ...(tmpl.metadata?.annotations ?? {}) };
  const ownerReferences = [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata?.name, uid: cj.metadata?.uid }];
  return { kind: 'Job', apiVersion: 'batch/v1', metadata: meta(name, { namespace, labels: tmpl.metadata?.labels, annotations, ownerReferences }), spec: tmpl.spec ?? {}, status: {} } as unknown as KObject;
}

export function cronJob(name: string, namespace: string | undefined, image: string, schedule: string, restart: string, command: string[]): KObject {
  return {
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    metadata: meta(name, { namespace }),
    spec: {
      schedule,
      jobTemplate: { metadata: { name, creationTimestamp: null }, spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: [container(name, image, command)], ...(restart ? { restartPolicy: restart } : {}) } } } },
    },
    status: {},
  } as unknown as KObject;
}

export const namespaceObj = (name: string): KObject => ({ kind: 'Namespace', apiVersion: 'v1', metadata: meta(name), spec: {}, status: {} }) as unknown as KObject;

export const serviceAccount = (name: string, namespace: string | undefined): KObject => ({ kind: 'ServiceAccount', apiVersion: 'v1', metadata: meta(name, { namespace }) }) as unknown as KObject;
