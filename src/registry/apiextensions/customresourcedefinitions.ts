// apiextensions.k8s.io/v1 CustomResourceDefinition. Printed by the default convertor.
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import { defaultCRD } from '../../api/apiextensions/defaults.js';
import { validateCRD, validateCRDUpdate } from '../../validation/apiextensions/crd.js';
import type { ResourceStrategy } from '../strategy.js';
import { establish } from './status.js';

export const customResourceDefinitions: ResourceStrategy<CustomResourceDefinition> = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
  resource: 'customresourcedefinitions',
  singular: 'customresourcedefinition',
  namespaced: false,
  shortNames: ['crd', 'crds'],
  categories: ['api-extensions'],
  storagePrefix: 'apiextensions.k8s.io/customresourcedefinitions',
  subresources: { status: true },
  generation: true,
  defaults: defaultCRD,
  // A client's status is ignored on create, as upstream's PrepareForCreate resets it.
  prepareForCreate: (crd) => establish(crd, undefined, new Date()),
  // The store has already put the stored status back; carry it forward with the new names.
  prepareForUpdate: (crd, old) => establish(crd, crd.status ?? old.status, new Date()),
  validate: validateCRD,
  validateUpdate: validateCRDUpdate,
};
