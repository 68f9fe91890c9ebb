// Malformed API requests, each invalid by construction (so any success is a finding), from a
// seeded PRNG. Categories: bodies, headers, raw HTTP (absurd Content-Length and framing), paths,
// query parameters, patch documents against pre-created objects, and watch parameters.

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  word(n = 6): string {
    let s = '';
    for (let i = 0; i < n; i++) s += 'abcdefghijklmnopqrstuvwxyz0123456789'[this.int(36)];
    return s;
  }
  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }
}

export interface FuzzCase {
  category: string;
  /** What was done, for findings (e.g. "wrong type at spec.replicas"). */
  what: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer | string;
  /** Sent as raw bytes on a fresh connection instead (framing the HTTP client would not send). */
  raw?: Buffer;
}

export const NS = 'fuzz';
export const CRD_GROUP = 'fuzz.example.com';

/** A kind the fuzzer writes: where it lives and a valid object of it. */
interface Kind {
  name: string;
  collection: string;
  /** The pre-created object's name. */
  existing: string;
  valid(name: string): Record<string, any>;
  custom?: boolean;
}

const labels = { app: 'fz' };
export const KINDS: Kind[] = [
  {
    name: 'ConfigMap',
    collection: `/api/v1/namespaces/${NS}/configmaps`,
    existing: 'cm1',
    valid: (name) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { a: 'b' }, annotations: { x: 'y' } }, data: { k: 'v' }, immutable: false }),
  },
  {
    name: 'Deployment',
    collection: `/apis/apps/v1/namespaces/${NS}/deployments`,
    existing: 'dep1',
    valid: (name) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels },
      spec: {
        replicas: 1,
        minReadySeconds: 0,
        paused: false,
        revisionHistoryLimit: 10,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: { terminationGracePeriodSeconds: 30, containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: 'b' }] }] },
        },
      },
    }),
  },
  {
    name: 'Service',
    collection: `/api/v1/namespaces/${NS}/services`,
    existing: 'svc1',
    valid: (name) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name },
      spec: { type: 'ClusterIP', selector: labels, sessionAffinity: 'None', publishNotReadyAddresses: false, ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
    }),
  },
  {
    name: 'Pod',
    collection: `/api/v1/namespaces/${NS}/pods`,
    existing: 'pod1',
    valid: (name) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, labels },
      spec: { restartPolicy: 'Always', hostNetwork: false, activeDeadlineSeconds: 30, nodeSelector: { a: 'b' }, containers: [{ name: 'c', image: 'busybox', command: ['sh'], args: ['-c', 'true'] }] },
    }),
  },
  {
    name: 'Namespace',
    collection: '/api/v1/namespaces',
    existing: NS,
    valid: (name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { a: 'b' } }, spec: { finalizers: ['kubernetes'] } }),
  },
  {
    name: 'Widget',
    collection: `/apis/${CRD_GROUP}/v1/namespaces/${NS}/widgets`,
    existing: 'w1',
    custom: true,
    valid: (name) => ({ apiVersion: `${CRD_GROUP}/v1`, kind: 'Widget', metadata: { name }, spec: { size: 3, color: 'red', enabled: true, tags: ['a'] } }),
  },
];

/** The CRD behind Widget: every spec field typed, so a wrong type is invalid. */
export const WIDGET_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `widgets.${CRD_GROUP}` },
  spec: {
    group: CRD_GROUP,
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['size'],
                properties: { size: { type: 'integer', minimum: 0 }, color: { type: 'string' }, enabled: { type: 'boolean' }, tags: { type: 'array', items: { type: 'string' } } },
              },
            },
          },
        },
      },
    ],
  },
};

/** The objects to create before fuzzing (the Namespace first). */
export function fixtures(): { path: string; body: Record<string, any> }[] {
  const ns = KINDS.find((k) => k.name === 'Namespace')!;
  return [{ path: ns.collection, body: ns.valid(NS) }, ...KINDS.filter((k) => k.name !== 'Namespace').map((k) => ({ path: k.collection, body: k.valid(k.existing) }))];
}

const JSON_CT = { 'Content-Type': 'application/json' };

/** Leaf and inner field paths of an object with their values, except the identity fields. */
function fieldPaths(obj: unknown, path: (string | number)[] = [], out: { path: (string | number)[]; value: unknown }[] = []) {
  if (path.length) out.push({ path, value: obj });
  if (Array.isArray(obj)) obj.forEach((v, i) => fieldPaths(v, [...path, i], out));
  else if (obj && typeof obj === 'object') for (const [k, v] of Object.entries(obj)) fieldPaths(v, [...path, k], out);
  return out;
}

function setPath(obj: any, path: (string | number)[], value: unknown): void {
  let cur = obj;
  for (const p of path.slice(0, -1)) cur = cur[p];
  cur[path[path.length - 1]!] = value;
}

/** A value whose JSON type differs from `v`'s (never null: null means "absent" to a Go decoder). */
function wrongType(rng: Rng, v: unknown): unknown {
  const t = Array.isArray(v) ? 'array' : typeof v;
  const options: unknown[] = [];
  if (t !== 'string') options.push(rng.word(), '');
  if (t !== 'number') options.push(rng.int(1000), -1.5);
  if (t !== 'boolean') options.push(true, false);
  if (t !== 'object') options.push({ [rng.word()]: rng.word() }, {});
  if (t !== 'array') options.push([rng.word()], [1, 2]);
  return rng.pick(options);
}

let serial = 0;
const freshName = (rng: Rng) => `fz-${(serial++).toString(36)}-${rng.word(4)}`;

/** A name that is not a DNS subdomain (or is too long). */
function invalidName(rng: Rng): string {
  return rng.pick(['UPPER', 'a_b', '-lead', 'trail-', 'sp ace', 'a..b', 'x'.repeat(254), 'ünï', 'a/b', 'a%b', '.', '..', `${rng.word()}@${rng.word()}`]);
}

function bodyCase(rng: Rng): FuzzCase {
  const kind = rng.pick(KINDS);
  const name = freshName(rng);
  const obj = structuredClone(kind.valid(name));
  const post = (what: string, body: Buffer | string, headers: Record<string, string> = JSON_CT): FuzzCase => ({ category: 'body', what: `${kind.name}: ${what}`, method: 'POST', path: kind.collection, headers, body });
  const text = JSON.stringify(obj);
  switch (rng.int(11)) {
    case 0: {
      const fields = fieldPaths(obj).filter((f) => !(kind.custom && f.path[0] === 'metadata' && f.path.length > 2));
      const f = rng.pick(fields);
      setPath(obj, f.path, wrongType(rng, f.value));
      return post(`wrong type at ${f.path.join('.')}`, JSON.stringify(obj));
    }
    case 1:
      return post('truncated JSON', text.slice(0, 1 + rng.int(text.length - 1)));
    case 2:
      return post('invalid JSON', rng.pick(['{', '}', '{"a":}', '[1,2', '{"apiVersion":"v1",}', 'nul', "{'a':1}", '{"a" 1}', '\u0000', '{"a":"\u0001"}', `${text}}`, `${text}${text}`]));
    case 3: {
      const numeric = fieldPaths(obj).filter((f) => typeof f.value === 'number');
      // (2147483648 would be a valid int64, e.g. activeDeadlineSeconds: not used.)
      // Not 1e2 (a custom resource takes it as 100; for built-ins JSON.parse hides how it was
      // written), nor values that fit an int64 field (-2147483649 is a valid grace period).
      const huge = rng.pick(['1e309', '-1e309', '99999999999999999999999', '1.5', '0.0000001']);
      if (!numeric.length) return post('huge number as name', text.replace(`"name":"${name}"`, `"name":${huge}`));
      const f = rng.pick(numeric);
      const marker = 987654321;
      setPath(obj, f.path, marker);
      return post(`number ${huge} at ${f.path.join('.')}`, JSON.stringify(obj).replace(String(marker), huge));
    }
    case 4: {
      // Around Go's limit of 10000 and beyond it (each level costs bytes to send and scan).
      const depth = rng.pick([100, 1000, 9_990, 10_001, 50_000]);
      const [open, close] = rng.chance(0.5) ? ['[', ']'] : ['{"a":', '}'];
      const at = rng.pick(['data', 'labels', 'annotations', 'name']);
      const nested = open.repeat(depth) + '1' + close.repeat(depth);
      const v = (field: string, otherwise: string) => (at === field ? nested : otherwise);
      // Nesting where a string or a map of strings is expected is never a valid value there.
      const cm = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":${v('name', `"${name}"`)},"labels":${v('labels', '{}')},"annotations":${v('annotations', '{}')}},"data":${v('data', '{}')}}`;
      return { category: 'body', what: `ConfigMap: nesting ${depth} deep at ${at}`, method: 'POST', path: KINDS[0]!.collection, headers: JSON_CT, body: cm };
    }
    case 5: {
      const bad = rng.pick([`${name}\u0000x`, '\u0000', `a\u0000`]);
      obj.metadata.name = bad;
      return post('NUL in metadata.name', JSON.stringify(obj));
    }
    case 6: {
      // Invalid UTF-8 in the name or a label value: decoded as U+FFFD, never a valid name or label.
      const [before, after] = text.split(`"name":"${name}"`);
      const bad = Buffer.from(rng.pick([[0xff], [0xc3, 0x28], [0xe2, 0x28, 0xa1], [0xf0, 0x28, 0x8c, 0xbc], [0xed, 0xa0, 0x80]]));
      return post('invalid UTF-8 in metadata.name', Buffer.concat([Buffer.from(`${before}"name":"${name}`), bad, Buffer.from(`"${after}`)]));
    }
    case 7: {
      const bomb = rng.pick([
        'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n',
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: *missing}\n`,
        `apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: ${name}, labels: {a: b}}\ndata: *m\n`,
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n data: {a: b}\n`,
        `- a\n- b\n`,
        `!!binary "${rng.word()}"`,
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {a: [1, 2]}\n`,
        `%YAML 9.9\n---\na: b\n`,
        '{{{',
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: !!map {? [a]: b}\n`,
      ]);
      return post('YAML bomb or garbage', bomb, { 'Content-Type': 'application/yaml' });
    }
    case 8: {
      const swap = rng.pick([
        { apiVersion: 'v2' },
        { apiVersion: 'apps/v1' },
        { apiVersion: `${rng.word()}/v1` },
        { kind: rng.pick(['Secret', 'Pod', 'Namespace', 'Widget', 'Status', 'List']) },
        { kind: `${rng.word()}Kind` },
        { apiVersion: 'v1/v1/v1' },
      ]);
      Object.assign(obj, swap);
      if (obj.kind === kind.name) obj.kind = 'Secret';
      if (obj.apiVersion === kind.valid('x').apiVersion) obj.apiVersion = 'v2';
      return post(`wrong ${Object.keys(swap)[0]} ${JSON.stringify(Object.values(swap)[0])}`, JSON.stringify(obj));
    }
    case 9: {
      const garbage = rng.chance(0.5) ? Buffer.concat([Buffer.from('k8s\x00'), rng.bytes(1 + rng.int(200))]) : rng.bytes(1 + rng.int(200));
      return post('protobuf garbage', garbage, { 'Content-Type': 'application/vnd.kubernetes.protobuf' });
    }
    default: {
      obj.metadata.name = invalidName(rng);
      return post(`invalid name ${JSON.stringify(obj.metadata.name.slice(0, 20))}`, JSON.stringify(obj));
    }
  }
}

function headerCase(rng: Rng): FuzzCase {
  const kind = rng.pick(KINDS);
  const body = JSON.stringify(kind.valid(freshName(rng)));
  switch (rng.int(4)) {
    case 0: {
      const ct = rng.pick(['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'image/png', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml', 'text/json', 'application/jsonx', '*/*', 'application/*']);
      return { category: 'header', what: `Content-Type ${ct} on create`, method: 'POST', path: kind.collection, headers: { 'Content-Type': ct }, body };
    }
    case 1: {
      const accept = rng.pick(['text/html', 'application/xml', 'image/png', 'text/plain', 'application/json;as=Nope;g=meta.k8s.io;v=v1', 'application/json;as=Table;g=meta.k8s.io;v=v9', 'application/json;as=Table;g=nope.io;v=v1', 'application/yaml;as=PartialObjectMetadata;g=meta.k8s.io;v=v7']);
      return { category: 'header', what: `Accept ${accept}`, method: 'GET', path: `${kind.collection}/${kind.existing}`, headers: { Accept: accept } };
    }
    case 2: {
      // Impersonating groups, a uid or extras without a user is malformed (upstream: 500).
      const h = rng.pick<Record<string, string>>([{ 'Impersonate-Group': rng.word() }, { 'Impersonate-Uid': rng.word() }, { [`Impersonate-Extra-${rng.word()}`]: rng.word() }, { 'Impersonate-Extra-%zz': 'x' }]);
      return { category: 'header', what: `impersonation without a user: ${Object.keys(h)[0]}`, method: 'GET', path: kind.collection, headers: h };
    }
    default:
      return rawCase(rng, kind, body);
  }
}

/** Framing the HTTP client will not produce: Content-Length against the body, and worse. */
function rawCase(rng: Rng, kind: Kind, body: string): FuzzCase {
  const head = (extra: string) => `POST ${kind.collection} HTTP/1.1\r\nHost: fuzz\r\nContent-Type: application/json\r\n${extra}`;
  const n = Buffer.byteLength(body);
  const variant = rng.int(7);
  const raw = [
    // The declared length cuts the JSON short; the rest is read as a (garbage) next request.
    () => `${head(`Content-Length: ${Math.max(1, n - 1 - rng.int(n - 1))}\r\n\r\n`)}${body}`,
    () => `${head('Content-Length: 99999999999\r\n\r\n')}${body}`,
    () => `${head(`Content-Length: ${rng.pick(['abc', '-5', '1e3', '0x10', ' '])}\r\n\r\n`)}${body}`,
    () => `${head(`Content-Length: ${n}\r\nContent-Length: ${n + 1}\r\n\r\n`)}${body}`,
    () => `${head(`Content-Length: ${n}\r\nTransfer-Encoding: chunked\r\n\r\n`)}${body}`,
    () => `${head('Transfer-Encoding: gzip\r\n\r\n')}${body}`,
    () => `${head('Transfer-Encoding: chunked\r\n\r\n')}zz\r\n${body}\r\n0\r\n\r\n`,
  ][variant]!();
  return { category: 'raw', what: ['short Content-Length', 'huge Content-Length', 'non-numeric Content-Length', 'two Content-Lengths', 'Content-Length and chunked', 'unknown Transfer-Encoding', 'bad chunk size'][variant]!, method: 'POST', path: kind.collection, headers: {}, raw: Buffer.from(raw) };
}

function pathCase(rng: Rng): FuzzCase {
  const kind = rng.pick(KINDS);
  const item = `${kind.collection}/${kind.existing}`;
  const method = rng.pick(['GET', 'GET', 'DELETE', 'PUT', 'PATCH']);
  const headers = method === 'PATCH' ? { 'Content-Type': 'application/merge-patch+json' } : method === 'PUT' ? JSON_CT : {};
  const body = method === 'PUT' || method === 'PATCH' ? JSON.stringify(method === 'PUT' ? kind.valid(kind.existing) : { metadata: { labels: { fz: 'x' } } }) : undefined;
  const path = rng.pick([
    () => `/apis/${rng.word()}.example.com/v1/namespaces/${NS}/things/x`,
    () => `/apis/apps/v${2 + rng.int(9)}/namespaces/${NS}/deployments/${kind.existing}`,
    () => `/api/v2/namespaces/${NS}/pods/x`,
    () => `/api/v1/namespaces/${NS}/${rng.word()}s/${kind.existing}`,
    () => `${kind.collection}/${kind.existing}%2F${rng.word()}`,
    () => `${kind.collection}/${kind.existing}/${rng.pick(['..', '.', '%2e%2e', '%2E', '.%2e'])}`,
    () => `${kind.collection}/${rng.pick(['..', '%2e%2e'])}/${kind.existing}`,
    () => `/api/v1/namespaces/${rng.pick(['..', '.', '%2e%2e'])}/configmaps/cm1`,
    () => `${kind.collection}/${'n'.repeat(254 + rng.int(5000))}`,
    () => `${kind.collection}/${encodeURIComponent(invalidName(rng))}${rng.chance(0.5) ? 'zz' : ''}`,
    () => `${item}/${rng.pick(['statuz', 'scale/x', 'status/status', 'binding', 'eviction/x'])}`,
    () => `${item}/${'a/'.repeat(50 + rng.int(100))}`,
    () => `/api/v1/namespaces/${NS}/configmaps/${'%'.repeat(1 + rng.int(3))}${rng.word()}`,
    () => `${kind.collection}/x${rng.word()}`,
  ])();
  // Only requests that cannot succeed: nothing names an existing object in a valid way.
  return { category: 'path', what: `${method} ${path.slice(0, 60)}`, method, path, headers, body };
}

function queryCase(rng: Rng): FuzzCase {
  const kind = rng.pick(KINDS);
  const selectorGarbage = () => rng.pick(['a in (', '!!', 'a=b=c', 'x==(', 'a in (b,', `${rng.word()}@${rng.word()}`, 'a,,b=', '=', 'a notin', '(a)', `a=${rng.word()}$`, 'a!=b!=c', 'k in (a b)', 'a=b,c in (d']);
  const fieldGarbage = () => rng.pick([`zz${rng.word()}=x`, 'metadata.name', '=x', 'metadata.name~x', `spec.${rng.word()}=1`, 'metadata.labels=a', 'status.phase=Running,zz=y']);
  const list = (q: string, what: string): FuzzCase => ({ category: 'query', what, method: 'GET', path: `${kind.collection}?${q}`, headers: {} });
  const create = (q: string, what: string): FuzzCase => ({ category: 'query', what, method: 'POST', path: `${kind.collection}?${q}`, headers: JSON_CT, body: JSON.stringify(kind.valid(freshName(rng))) });
  const enc = encodeURIComponent;
  switch (rng.int(13)) {
    case 0:
      return list(`labelSelector=${enc(selectorGarbage())}`, 'labelSelector garbage');
    case 1:
      return list(`fieldSelector=${enc(fieldGarbage())}`, 'fieldSelector garbage');
    case 2:
      return list(`limit=${enc(rng.pick(['abc', '1.5', '1e3', '0x10', ' 5', '5 ', '99999999999999999999999', '--1', '+']))}`, 'limit garbage');
    case 3:
      return list(`limit=5&continue=${enc(rng.pick([rng.word(12), Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: 0, start: 'x' })).toString('base64url'), Buffer.from('{"v":"nope"}').toString('base64url'), '%%%', '==']))}`, 'continue garbage');
    case 4:
      return list(`resourceVersion=${enc(rng.pick(['abc', '-1', '1.5', '0x10', ' 1', '99999999999999999999999']))}`, 'resourceVersion garbage (list)');
    case 5:
      // (Exact with a real resourceVersion would be valid: only with none or "0".)
      return list(rng.chance(0.7) ? `resourceVersion=${rng.pick(['', '1', '0'])}&resourceVersionMatch=${enc(rng.pick(['Foo', 'exact', 'NotOlderThan ']))}` : `resourceVersion=${rng.pick(['', '0'])}&resourceVersionMatch=Exact`, 'resourceVersionMatch garbage');
    case 6:
      return list(`timeoutSeconds=${enc(rng.pick(['abc', '1.5', '1e3', '', ' ', '5s']))}x`, 'timeoutSeconds garbage');
    case 7:
      return create(`dryRun=${enc(rng.pick(['all', 'true', 'None', 'All,All', rng.word()]))}`, 'dryRun garbage');
    case 8:
      return create(`fieldManager=${enc(rng.pick(['x'.repeat(129 + rng.int(100)), 'a\u0001b', 'tab\there', 'nl\n', '\u007f']))}`, 'fieldManager garbage');
    case 9:
      return create(`fieldValidation=${enc(rng.pick(['strict', 'warn', 'Nope', 'STRICT', rng.word()]))}`, 'fieldValidation garbage');
    case 10:
      return { category: 'query', what: 'get with resourceVersion garbage', method: 'GET', path: `${kind.collection}/${kind.existing}?resourceVersion=${enc(rng.pick(['abc', '1.5', '-1', '0x10']))}`, headers: {} };
    case 11:
      return create(`timeout=${enc(rng.pick(['soon', '5', '1x', '-', '.s', '1h1']))}`, '?timeout= garbage');
    default:
      return { category: 'query', what: 'get with includeObject garbage as Table', method: 'GET', path: `${kind.collection}/${kind.existing}?includeObject=${rng.pick(['All', 'none', rng.word()])}`, headers: { Accept: 'application/json;as=Table;g=meta.k8s.io;v=v1' } };
  }
}

function patchCase(rng: Rng): FuzzCase {
  const kind = rng.pick(KINDS.filter((k) => k.name !== 'Namespace'));
  const path = `${kind.collection}/${kind.existing}`;
  const patch = (ct: string, body: unknown, what: string, query = ''): FuzzCase => ({
    category: 'patch',
    what: `${kind.name}: ${what}`,
    method: 'PATCH',
    path: `${path}${query}`,
    headers: { 'Content-Type': ct },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const JP = 'application/json-patch+json';
  const MP = 'application/merge-patch+json';
  const SMP = 'application/strategic-merge-patch+json';
  const APPLY = 'application/apply-patch+yaml';
  const container = kind.name === 'Deployment' ? '/spec/template/spec/containers' : '/spec/containers';
  switch (rng.int(4)) {
    case 0: {
      const ops = rng.pick<unknown>([
        {},
        'nope',
        [{ op: 'frobnicate', path: '/metadata/labels/a' }],
        [{ op: 'add' }],
        [{ op: 'add', path: 'metadata/labels/x', value: 'y' }],
        [{ op: 'remove', path: `/nonexistent/${rng.word()}` }],
        [{ op: 'replace', path: `/metadata/${rng.word()}x`, value: 1 }],
        [{ op: 'move', from: `/nope${rng.word()}`, path: '/metadata/labels/x' }],
        [{ op: 'copy', from: `/nope${rng.word()}`, path: '/metadata/labels/x' }],
        [{ op: 'test', path: '/metadata/name', value: `other-${rng.word()}` }],
        [{ op: 'add', path: '/metadata/labels/~3', value: 'x' }],
        [{ op: 'replace', path: `${container}/${rng.pick(['99', '-1', '01', 'x', '1'])}/image`, value: 'i' }],
        [{ op: 'remove', path: `${container}/${rng.pick(['5', '-', '1'])}` }],
        [{ op: 'replace', path: '/metadata/name', value: `renamed-${rng.word()}` }],
        [{ op: 'add', path: '/metadata/labels', value: rng.pick(['x', 5, [1]]) }],
        [{ op: 'add', path: '/apiVersion', value: 'v9' }],
        [{ op: 'add', path: '/kind', value: 'Other' }],
        [null],
        [{ op: 5, path: '/a' }],
      ]);
      return patch(JP, ops, `json patch ${JSON.stringify(ops).slice(0, 60)}`);
    }
    case 1: {
      const byKind: Record<string, unknown[]> = {
        ConfigMap: [{ data: { k: 5 } }, { data: 'x' }, { binaryData: { k: 5 } }, { immutable: 'yes' }],
        Deployment: [{ spec: { replicas: 'many' } }, { spec: { selector: 'x' } }, { spec: { template: { spec: { containers: 'x' } } } }, { spec: { replicas: 1.5 } }],
        Service: [{ spec: { ports: [{ port: 'http' }] } }, { spec: { type: 5 } }, { spec: { selector: ['a'] } }],
        Pod: [{ spec: { containers: { name: 'c' } } }, { spec: { activeDeadlineSeconds: 'x' } }, { spec: { hostNetwork: 'yes' } }],
        Widget: [{ spec: { size: 'big' } }, { spec: { enabled: 'yes' } }, { spec: { tags: 'a' } }, { spec: { size: -1 } }],
      };
      const body = rng.pick<unknown>([
        ...byKind[kind.name]!,
        { metadata: { labels: 'x' } },
        { metadata: { labels: { a: 5 } } },
        { metadata: { name: `renamed-${rng.word()}` } },
        { metadata: { resourceVersion: '1' } },
        { metadata: 'x' },
        { apiVersion: 'v9' },
        { kind: 'Other' },
        '[1,2]',
        '"str"',
        '{"a":',
      ]);
      return patch(MP, body, `merge patch ${JSON.stringify(body).slice(0, 60)}`);
    }
    case 2: {
      const garbage = rng.pick(['frobnicate', 'Replace', 'DELETE', rng.word(), '']);
      const body = rng.pick<unknown>([
        { $patch: garbage || 'x' },
        { metadata: { labels: { $patch: garbage || 'x' } } },
        { $retainKeys: rng.pick(['x', 5, { a: 1 }]) },
        { metadata: { $retainKeys: rng.pick(['x', 5, true]) } },
        // ($deleteFromPrimitiveList of a field the object lacks is skipped upstream, not an error.)
        { metadata: { '$setElementOrder/finalizers': rng.pick(['x', 5, { a: 1 }]) } },
        { metadata: { labels: 'x' } },
        { metadata: { name: `renamed-${rng.word()}` } },
        ...(kind.name === 'Deployment' || kind.name === 'Pod'
          ? [
              setAt(kind.name, { containers: [{ $patch: 'delete' }] }),
              setAt(kind.name, { '$setElementOrder/containers': rng.pick(['x', 5, [5], [{ image: 'x' }]]) }),
              setAt(kind.name, { containers: { name: 'c' } }),
              setAt(kind.name, { containers: [{ name: 'c', image: 5 }] }),
              setAt(kind.name, { containers: [{ name: 'c', $patch: garbage || 'x' }] }),
              setAt(kind.name, { $retainKeys: 'containers' }),
            ]
          : []),
      ]);
      return patch(SMP, body, `strategic merge patch ${JSON.stringify(body).slice(0, 60)}`);
    }
    default: {
      const obj = kind.valid(kind.existing);
      const variant = rng.int(6);
      if (variant === 0) obj.metadata.managedFields = rng.pick<unknown>([[{ manager: 'x', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: {} }], 'x', [5], [{ operation: 'Frobnicate' }], {}]);
      if (variant === 1) obj.metadata.name = `other-${rng.word()}`;
      if (variant === 2) obj.kind = 'Other';
      if (variant === 3) obj.apiVersion = 'v9';
      const body = variant === 4 ? rng.pick(['{{', 'a: [', '- x', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: *x}']) : JSON.stringify(obj);
      const query = variant === 5 ? '' : `?fieldManager=fuzz&force=true`;
      return patch(APPLY, body, `apply ${['managedFields set', 'name mismatch', 'wrong kind', 'wrong apiVersion', 'YAML garbage', 'no fieldManager'][variant]}`, query);
    }
  }
}

/** A pod-spec fragment where Deployment and Pod keep it. */
function setAt(kind: string, podSpec: Record<string, unknown>): unknown {
  return kind === 'Deployment' ? { spec: { template: { spec: podSpec } } } : { spec: podSpec };
}

function watchCase(rng: Rng): FuzzCase {
  const kind = rng.pick(KINDS);
  const bad = rng.pick([
    `resourceVersion=${rng.pick(['abc', '-1', '1.5', '99999999999999999999999'])}`,
    `timeoutSeconds=${rng.pick(['abc', '1.5', '1e3', '5s'])}`,
    `labelSelector=${encodeURIComponent(rng.pick(['a in (', '!!', 'a=b=c']))}`,
    `fieldSelector=${encodeURIComponent(rng.pick([`zz${rng.word()}=x`, 'metadata.name']))}`,
    `resourceVersionMatch=${rng.pick(['Exact', 'NotOlderThan', 'Foo'])}&resourceVersion=1`,
    `limit=abc`,
  ]);
  // Valid in v1.25 on their own (unknown or lenient parameters), so only alongside one that is not.
  const extra = rng.pick(['', '&allowWatchBookmarks=maybe', '&sendInitialEvents=perhaps', '&allowWatchBookmarks=true&sendInitialEvents=true']);
  return { category: 'watch', what: `watch ${bad}${extra}`, method: 'GET', path: `${kind.collection}?watch=${rng.pick(['true', '1'])}&${bad}${extra}`, headers: {} };
}

const CATEGORIES: [number, (rng: Rng) => FuzzCase][] = [
  [30, bodyCase],
  [12, headerCase],
  [12, pathCase],
  [18, queryCase],
  [20, patchCase],
  [8, watchCase],
];
const TOTAL_WEIGHT = CATEGORIES.reduce((s, [w]) => s + w, 0);

export function generate(rng: Rng): FuzzCase {
  let r = rng.int(TOTAL_WEIGHT);
  for (const [w, gen] of CATEGORIES) {
    if (r < w) return gen(rng);
    r -= w;
  }
  return bodyCase(rng);
}
