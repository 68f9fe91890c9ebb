// pods/ephemeralcontainers (core/v1 Pod): GET returns the pod; PUT and PATCH may only add ephemeral
// containers (kubectl debug). Served by the ordinary get/update/patch handlers over a store whose
// strategy keeps everything but spec.ephemeralContainers from the stored pod, as upstream's
// podEphemeralContainersStrategy does.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/object.js';
import { pods } from '../../registry/core/pods.js';
import type { ResourceStrategy } from '../../registry/strategy.js';
import { validatePodEphemeralContainersUpdate } from '../../validation/core/ephemeralcontainers.js';
import { handleGet, handlePatch, handleUpdate } from '../handlers.js';
import type { Subresource } from './index.js';

const ephemeralStrategy: ResourceStrategy<Pod> = {
  ...pods,
  /** dropNonEphemeralContainerUpdates: the stored pod with only the new ephemeral containers. */
  prepareForUpdate(pod, old) {
    const next = pod as KObject;
    const { name, namespace, uid, resourceVersion } = next.metadata;
    const ephemeral = pod.spec?.ephemeralContainers;
    for (const k of Object.keys(next)) delete next[k];
    Object.assign(next, structuredClone(old));
    Object.assign(next.metadata, { name, namespace, uid });
    if (resourceVersion === undefined) delete next.metadata.resourceVersion;
    else next.metadata.resourceVersion = resourceVersion;
    const spec = (next as Pod).spec as { ephemeralContainers?: unknown } | undefined;
    if (spec) {
      if (ephemeral === undefined) delete spec.ephemeralContainers;
      else spec.ephemeralContainers = ephemeral;
    }
  },
  validateUpdate: validatePodEphemeralContainersUpdate,
};

export const ephemeralContainers: Subresource = {
  parent: { group: '', version: 'v1', resource: 'pods' },
  name: 'ephemeralcontainers',
  kind: { kind: 'Pod' },
  verbs: ['get', 'patch', 'update'],
  handle(c) {
    if (c.info.verb === 'get') return handleGet({ ...c, info: { ...c.info, subresource: '' } });
    // The generic handlers write whole pods; with this strategy only the ephemeral containers take.
    const sub = { ...c, info: { ...c.info, subresource: '' }, served: { ...c.served, strategy: ephemeralStrategy, store: c.storeWith(ephemeralStrategy) } };
    return c.info.verb === 'update' ? handleUpdate(sub) : handlePatch(sub);
  },
};
