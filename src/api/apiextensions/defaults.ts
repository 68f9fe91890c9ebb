// SetDefaults_* of apiextensions-apiserver pkg/apis/apiextensions/v1, in place.
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';

export function defaultCRD(crd: CustomResourceDefinition): void {
  const spec = crd.spec;
  if (!spec) return;
  const names = (spec.names ??= { kind: '', plural: '' });
  if (!names.singular) names.singular = (names.kind ?? '').toLowerCase();
  if (!names.listKind && names.kind) names.listKind = `${names.kind}List`;
  spec.conversion ??= { strategy: 'None' };
  const service = spec.conversion.webhook?.clientConfig?.service;
  if (service) service.port ??= 443;
}
