// The CustomResourceDefinition manifests tests apply: one version, v1, served and stored.

/** A CRD for `kind` in `group` (plural = lower-case kind + "s"), with `schema` as its openAPIV3Schema. */
export function crdYaml(group: string, kind: string, schema: object, scope: 'Namespaced' | 'Cluster' = 'Namespaced'): string {
  const singular = kind.toLowerCase();
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${singular}s.${group}}
spec:
  group: ${group}
  scope: ${scope}
  names: {plural: ${singular}s, singular: ${singular}, kind: ${kind}}
  versions:
  - name: v1
    served: true
    storage: true
    schema: {openAPIV3Schema: ${JSON.stringify(schema)}}
`;
}
