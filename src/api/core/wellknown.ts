// Well-known core/v1 names that several parts must spell the same way.

/** core.MirrorPodAnnotationKey: set on the API copy of a kubelet's static pod (the mirror pod). */
export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/** v1.NamespaceNodeLease: where each node's heartbeat Lease lives. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
