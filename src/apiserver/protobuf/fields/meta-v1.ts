// k8s.io/apimachinery pkg/apis/meta/v1 generated.proto field numbers (fields present in v1.25).
// Time, MicroTime and FieldsV1 are decoded by hand (constants below). Syntax: see ./types.ts.
import type { FieldTable } from './types.js';

export const metaV1: FieldTable = {
  package: 'io.k8s.apimachinery.pkg.apis.meta.v1',
  messages: {
    Condition: { 1: 'type', 2: 'status', 3: 'observedGeneration', 4: 'lastTransitionTime', 5: 'reason', 6: 'message' },
    DeleteOptions: { 1: '*gracePeriodSeconds', 2: 'preconditions', 3: '*orphanDependents', 4: '*propagationPolicy', 5: 'dryRun' },
    LabelSelector: { 1: 'matchLabels', 2: 'matchExpressions' },
    LabelSelectorRequirement: { 1: 'key', 2: 'operator', 3: 'values' },
    ListMeta: { 1: 'selfLink', 2: 'resourceVersion', 3: 'continue', 4: '*remainingItemCount' },
    ManagedFieldsEntry: {
      1: 'manager', 2: 'operation', 3: 'apiVersion', 4: 'time', 6: 'fieldsType', 7: 'fieldsV1', 8: 'subresource',
    },
    // 15 was clusterName, gone from the v1.25 API: an old client sending it gets it skipped.
    ObjectMeta: {
      1: 'name', 2: 'generateName', 3: 'namespace', 4: 'selfLink', 5: 'uid', 6: 'resourceVersion', 7: 'generation',
      8: 'creationTimestamp', 9: 'deletionTimestamp', 10: '*deletionGracePeriodSeconds', 11: 'labels',
      12: 'annotations', 13: 'ownerReferences', 14: 'finalizers', 17: 'managedFields',
    },
    OwnerReference: { 1: 'kind', 3: 'name', 4: 'uid', 5: 'apiVersion', 6: '*controller', 7: '*blockOwnerDeletion' },
    Preconditions: { 1: '*uid', 2: '*resourceVersion' },
    Status: { 1: 'metadata', 2: 'status', 3: 'message', 4: 'reason', 5: 'details', 6: 'code' },
    StatusCause: { 1: 'reason', 2: 'message', 3: 'field' },
    StatusDetails: { 1: 'name', 2: 'group', 3: 'kind', 4: 'causes', 5: 'retryAfterSeconds', 6: 'uid' },
  },
};

/** Time and MicroTime use the google.protobuf.Timestamp layout; Time keeps whole seconds only. */
export const Timestamp = { seconds: 1, nanos: 2 } as const;
/** FieldsV1 carries its JSON in field 1 ("Raw"). */
export const FieldsV1 = { raw: 1 } as const;

export const TIME_DEF = 'io.k8s.apimachinery.pkg.apis.meta.v1.Time';
export const MICRO_TIME_DEF = 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime';
export const FIELDS_V1_DEF = 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1';
