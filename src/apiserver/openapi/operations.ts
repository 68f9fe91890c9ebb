// The REST operations of a resource, in a form both the v2 and v3 documents render from.
// Mirrors kube-apiserver's endpoint installer: list/create/deletecollection on the collection,
// get/put/patch/delete on the item, get/put/patch on /status and /scale, and a cluster-wide list
// for namespaced kinds. Watch paths (deprecated upstream) are left out.
import type { AnyStrategy } from '../../registry/strategy.js';
import type { GroupVersionKind } from '../../api/openapi/schema.js';
import { ALL_VERBS } from '../../registry/strategy.js';
import { DELETE_OPTIONS, PATCH, SCALE, STATUS, groupCamel, gvPath, kindNames, tagOf } from './names.js';

export type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';

export interface Param {
  name: string;
  in: 'query' | 'path';
  type: 'string' | 'boolean' | 'integer';
  description: string;
  required?: boolean;
}

export interface Op {
  method: Method;
  operationId: string;
  description: string;
  action: string;
  gvk: GroupVersionKind;
  tag: string;
  params: Param[];
  /** Definition name of the request body, if any. */
  body?: { def: string; required: boolean };
  /** Status code → definition name ('' for a response without a body). */
  responses: [string, string][];
  consumes: string[];
  produces: string[];
}

export interface PathEntry {
  path: string;
  /** Group-version key ("api/v1", "apis/apps/v1"). */
  gv: string;
  params: Param[];
  ops: Op[];
}

const q = (name: string, type: Param['type'], description: string): Param => ({ name, in: 'query', type, description });

// Descriptions are Kubette's own wording of the upstream query-parameter semantics.
const P = {
  pretty: q('pretty', 'string', "If 'true', the output is pretty printed."),
  dryRun: q('dryRun', 'string', 'When present, modifications are not persisted. The only valid value is All: every dry-run stage is processed.'),
  fieldManager: q('fieldManager', 'string', 'Name of the actor making the change, used to track field ownership. At most 128 printable characters.'),
  fieldValidation: q(
    'fieldValidation',
    'string',
    'How to treat fields in the request body that the schema does not know, or duplicated fields: Ignore drops them silently, Warn drops them and returns a warning for each, Strict rejects the request with a BadRequest error listing them.',
  ),
  force: q('force', 'boolean', 'Force an apply request, taking ownership of conflicting fields from other managers. Only valid for apply patches.'),
  allowWatchBookmarks: q('allowWatchBookmarks', 'boolean', 'Ask for BOOKMARK watch events. Servers may ignore this.'),
  continue: q('continue', 'string', 'The continue token from a previous paged list response; returns the next page.'),
  fieldSelector: q('fieldSelector', 'string', 'Restrict the returned objects by their fields. Defaults to everything.'),
  labelSelector: q('labelSelector', 'string', 'Restrict the returned objects by their labels. Defaults to everything.'),
  limit: q('limit', 'integer', 'Maximum number of objects to return in one page; a continue token is returned when more remain.'),
  resourceVersion: q('resourceVersion', 'string', 'Constrains which resource versions the request may be served from.'),
  resourceVersionMatch: q('resourceVersionMatch', 'string', 'How resourceVersion applies to list calls: Exact or NotOlderThan.'),
  timeoutSeconds: q('timeoutSeconds', 'integer', 'Timeout for the list or watch call, regardless of activity.'),
  watch: q('watch', 'boolean', 'Watch for changes to the described resources and return them as a stream of add, update and remove notifications.'),
  gracePeriodSeconds: q('gracePeriodSeconds', 'integer', 'Seconds before the object should be deleted; zero means delete immediately. Defaults to the per-object value.'),
  orphanDependents: q('orphanDependents', 'boolean', 'Deprecated: use propagationPolicy. Whether dependent objects are orphaned.'),
  propagationPolicy: q('propagationPolicy', 'string', 'Whether and how garbage collection is performed: Orphan, Background or Foreground.'),
};

const listParams = [
  P.allowWatchBookmarks,
  P.continue,
  P.fieldSelector,
  P.labelSelector,
  P.limit,
  P.resourceVersion,
  P.resourceVersionMatch,
  P.timeoutSeconds,
  P.watch,
];
const writeParams = [P.dryRun, P.fieldManager, P.fieldValidation];

export const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];
// apiextensions-apiserver offers no strategic merge patch for custom resources; kubectl 1.27+ reads
// this list to choose between strategic and JSON merge patch for apply.
const CR_PATCH_TYPES = PATCH_TYPES.filter((t) => t !== 'application/strategic-merge-patch+json');
const PRODUCES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const PRODUCES_LIST = [...PRODUCES, 'application/json;stream=watch', 'application/vnd.kubernetes.protobuf;stream=watch'];

/** All path entries of one resource. */
export function resourcePaths(s: AnyStrategy): PathEntry[] {
  const verbs = new Set(s.verbs ?? ALL_VERBS);
  const gv = gvPath(s.group, s.version);
  const base = `/${gv}`;
  const names = kindNames(s);
  const gvk: GroupVersionKind = { group: s.group, kind: s.kind, version: s.version };
  const tag = tagOf(s.group, s.version);
  const gvName = `${groupCamel(s.group)}${s.version[0]!.toUpperCase()}${s.version.slice(1)}`;
  const ns = s.namespaced ? 'Namespaced' : '';
  const collection = s.namespaced ? `${base}/namespaces/{namespace}/${s.resource}` : `${base}/${s.resource}`;
  const item = `${collection}/{name}`;
  const nsParam: Param = { name: 'namespace', in: 'path', type: 'string', required: true, description: 'object name and auth scope, such as for teams and projects' };
  const nameParam = (what: string): Param => ({ name: 'name', in: 'path', type: 'string', required: true, description: `name of the ${what}` });
  const scopeParams = s.namespaced ? [nsParam] : [];
  const patchTypes = s.openAPISchema !== undefined ? CR_PATCH_TYPES : PATCH_TYPES;

  const op = (method: Method, verb: string, action: string, description: string, rest: Partial<Op> & { suffix?: string; kindGvk?: GroupVersionKind }): Op => ({
    method,
    operationId: `${verb}${gvName}${rest.suffix ?? `${ns}${s.kind}`}`,
    description,
    action,
    gvk: rest.kindGvk ?? gvk,
    tag,
    params: rest.params ?? [],
    body: rest.body,
    responses: rest.responses ?? [],
    consumes: rest.consumes ?? ['*/*'],
    produces: rest.produces ?? PRODUCES,
  });

  const out: PathEntry[] = [];
  const collOps: Op[] = [];
  if (verbs.has('list')) {
    collOps.push(op('get', 'list', 'list', `list or watch objects of kind ${s.kind}`, { params: listParams, responses: [['200', names.list], ['401', '']], produces: PRODUCES_LIST }));
  }
  if (verbs.has('create')) {
    collOps.push(op('post', 'create', 'post', `create a ${s.kind}`, { params: writeParams, body: { def: names.kind, required: true }, responses: [['200', names.kind], ['201', names.kind], ['202', names.kind], ['401', '']] }));
  }
  if (verbs.has('deletecollection')) {
    collOps.push(
      op('delete', 'delete', 'deletecollection', `delete collection of ${s.kind}`, {
        suffix: `Collection${ns}${s.kind}`,
        params: [P.continue, P.dryRun, P.fieldSelector, P.gracePeriodSeconds, P.labelSelector, P.limit, P.orphanDependents, P.propagationPolicy, P.resourceVersion, P.resourceVersionMatch, P.timeoutSeconds],
        body: { def: DELETE_OPTIONS, required: false },
        responses: [['200', STATUS], ['401', '']],
      }),
    );
  }
  if (collOps.length) out.push({ path: collection, gv, params: [...scopeParams, P.pretty], ops: collOps });

  const itemOps: Op[] = [];
  if (verbs.has('get')) itemOps.push(op('get', 'read', 'get', `read the specified ${s.kind}`, { responses: [['200', names.kind], ['401', '']] }));
  if (verbs.has('update')) {
    itemOps.push(op('put', 'replace', 'put', `replace the specified ${s.kind}`, { params: writeParams, body: { def: names.kind, required: true }, responses: [['200', names.kind], ['201', names.kind], ['401', '']] }));
  }
  if (verbs.has('patch')) {
    itemOps.push(
      op('patch', 'patch', 'patch', `partially update the specified ${s.kind}`, {
        params: [...writeParams, P.force],
        body: { def: PATCH, required: true },
        responses: [['200', names.kind], ['201', names.kind], ['401', '']],
        consumes: patchTypes,
      }),
    );
  }
  if (verbs.has('delete')) {
    itemOps.push(
      op('delete', 'delete', 'delete', `delete a ${s.kind}`, {
        params: [P.dryRun, P.gracePeriodSeconds, P.orphanDependents, P.propagationPolicy],
        body: { def: DELETE_OPTIONS, required: false },
        responses: [['200', STATUS], ['202', STATUS], ['401', '']],
      }),
    );
  }
  if (itemOps.length) out.push({ path: item, gv, params: [nameParam(s.kind), ...scopeParams, P.pretty], ops: itemOps });

  if (s.namespaced && verbs.has('list')) {
    out.push({
      path: `${base}/${s.resource}`,
      gv,
      params: [P.pretty],
      ops: [op('get', 'list', 'list', `list or watch objects of kind ${s.kind}`, { suffix: `${s.kind}ForAllNamespaces`, params: listParams, responses: [['200', names.list], ['401', '']], produces: PRODUCES_LIST })],
    });
  }

  const sub = (name: 'status' | 'scale', def: string, subGvk: GroupVersionKind) => {
    const Sub = name === 'status' ? 'Status' : 'Scale';
    const suffix = `${ns}${s.kind}${Sub}`;
    const what = `${name} of the specified ${s.kind}`;
    out.push({
      path: `${item}/${name}`,
      gv,
      params: [nameParam(name === 'scale' ? 'Scale' : s.kind), ...scopeParams, P.pretty],
      ops: [
        op('get', 'read', 'get', `read ${what}`, { suffix, kindGvk: subGvk, responses: [['200', def], ['401', '']] }),
        op('put', 'replace', 'put', `replace ${what}`, { suffix, kindGvk: subGvk, params: writeParams, body: { def, required: true }, responses: [['200', def], ['201', def], ['401', '']] }),
        op('patch', 'patch', 'patch', `partially update ${what}`, {
          suffix,
          kindGvk: subGvk,
          params: [...writeParams, P.force],
          body: { def: PATCH, required: true },
          responses: [['200', def], ['201', def], ['401', '']],
          consumes: patchTypes,
        }),
      ],
    });
  };
  if (s.subresources?.status) sub('status', names.kind, gvk);
  if (s.subresources?.scale) sub('scale', SCALE, { group: 'autoscaling', kind: 'Scale', version: 'v1' });
  return out;
}

/** Definition names an operation refers to directly. */
export function opDefinitions(o: Op): string[] {
  const out: string[] = [];
  if (o.body) out.push(o.body.def);
  for (const [, def] of o.responses) if (def) out.push(def);
  return out;
}
