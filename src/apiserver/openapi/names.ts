// Names as kube-apiserver's OpenAPI builder forms them: group-version paths, operation ids, tags,
// and definition names for kinds that have no generated definition (custom resources).
import type { AnyStrategy } from '../../registry/strategy.js';
import { definitionNameFor } from '../../api/openapi/definitions.js';

/** "api/v1" or "apis/apps/v1": the group-version key of /openapi/v3. */
export function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

const cap = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** "" → Core, rbac.authorization.k8s.io → RbacAuthorization, stable.example.com → StableExampleCom. */
export function groupCamel(group: string): string {
  if (group === '') return 'Core';
  const g = group.endsWith('.k8s.io') ? group.slice(0, -'.k8s.io'.length) : group;
  return g.split(/[.-]/).map(cap).join('');
}

/** Operation tag: core_v1, rbacAuthorization_v1. */
export function tagOf(group: string, version: string): string {
  const g = groupCamel(group);
  return `${g[0]!.toLowerCase()}${g.slice(1)}_${version}`;
}

/** Upstream's REST-friendly name: reversed group, version, kind (stable.example.com → com.example.stable.v1.CronTab). */
export function reversedGroupName(group: string, version: string, kind: string): string {
  if (group === '') return `io.k8s.api.core.${version}.${kind}`;
  const rev = group.split('.').reverse().join('.');
  return `${rev}.${version}.${kind}`;
}

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const OBJECT_META = `${META}.ObjectMeta`;
export const LIST_META = `${META}.ListMeta`;
export const STATUS = `${META}.Status`;
export const DELETE_OPTIONS = `${META}.DeleteOptions`;
export const PATCH = `${META}.Patch`;
export const SCALE = 'io.k8s.api.autoscaling.v1.Scale';

/**
 * Definition names of a resource's kind and list kind: the generated built-in ones where they
 * exist (kinds without a schema of their own), else reversed-group names (custom resources, and
 * built-in kinds kubernetes-types lacks, which get a permissive definition).
 */
export function kindNames(s: AnyStrategy): { kind: string; list: string } {
  const builtin = (kind: string) => (s.openAPISchema === undefined ? definitionNameFor(s.group, s.version, kind) : undefined);
  return {
    kind: builtin(s.kind) ?? reversedGroupName(s.group, s.version, s.kind),
    list: builtin(`${s.kind}List`) ?? reversedGroupName(s.group, s.version, `${s.kind}List`),
  };
}
