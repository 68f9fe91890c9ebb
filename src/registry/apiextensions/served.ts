// What a CRD asks the server to serve, one entry per served version: the input for registering
// custom resources. Pure; reads accepted names when present (what the naming controller allowed).
import type {
  CustomResourceColumnDefinition,
  CustomResourceDefinition,
  CustomResourceDefinitionNames,
  JSONSchemaProps,
} from 'kubernetes-types/apiextensions/v1.js';
import type { ScaleMapping } from '../strategy.js';

export interface ServedCRDVersion {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  /** Resource name in URLs. */
  plural: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  namespaced: boolean;
  /** Whether objects are stored in this version. */
  storage: boolean;
  deprecated: boolean;
  deprecationWarning?: string;
  schema?: JSONSchemaProps;
  subresources: { status: boolean; scale?: ScaleMapping };
  additionalPrinterColumns: CustomResourceColumnDefinition[];
}

/** ".spec.replicas" → ["spec", "replicas"]. */
const dotPath = (p: string) => p.replace(/^\./, '').split('.');

export function crdServedVersions(crd: CustomResourceDefinition): ServedCRDVersion[] {
  const spec = crd.spec;
  if (!spec) return [];
  const names: Partial<CustomResourceDefinitionNames> = crd.status?.acceptedNames?.plural ? crd.status.acceptedNames : spec.names ?? {};
  const kind = names.kind ?? '';
  return (spec.versions ?? [])
    .filter((v) => v.served)
    .map((v) => {
      const scale = v.subresources?.scale;
      return {
        group: spec.group,
        version: v.name,
        kind,
        listKind: names.listKind || `${kind}List`,
        plural: names.plural ?? '',
        singular: names.singular || kind.toLowerCase(),
        shortNames: names.shortNames ?? [],
        categories: names.categories ?? [],
        namespaced: spec.scope === 'Namespaced',
        storage: !!v.storage,
        deprecated: !!v.deprecated,
        ...(v.deprecationWarning !== undefined ? { deprecationWarning: v.deprecationWarning } : {}),
        ...(v.schema?.openAPIV3Schema ? { schema: v.schema.openAPIV3Schema } : {}),
        subresources: {
          status: v.subresources?.status !== undefined && v.subresources?.status !== null,
          ...(scale
            ? {
                scale: {
                  specReplicasPath: dotPath(scale.specReplicasPath),
                  statusReplicasPath: dotPath(scale.statusReplicasPath),
                  ...(scale.labelSelectorPath ? { labelSelectorPath: dotPath(scale.labelSelectorPath) } : {}),
                },
              }
            : {}),
        },
        additionalPrinterColumns: v.additionalPrinterColumns ?? [],
      };
    });
}
