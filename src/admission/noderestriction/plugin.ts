// NodeRestriction (plugin/pkg/admission/noderestriction, v1.25): the Node authorizer lets every
// node write pods, Nodes, leases and CSINodes in general; this plugin keeps each node to its own —
// mirror pods bound to itself that reference nothing, status of pods bound to itself, its own Node
// without steering labels, taints or config source, its own Lease and CSINode, tokens for its
// pods. Requests from anyone but a node pass untouched. Messages are upstream's.
import type { Node, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.js';
import type { KObject } from '../../api/object.js';
import { nodeIdentity } from '../../api/user.js';
import { podConfigMapNames, podSecretNames } from '../../api/core/podrefs.js';
import { MIRROR_POD_ANNOTATION, NODE_LEASE_NAMESPACE } from '../../api/core/wellknown.js';
import { Errors, type StatusError } from '../../machinery/errors.js';
import { deepEqual } from '../../validation/meta.js';
import type { AdmissionAttributes, AdmissionPorts, PluginFactory } from '../plugin.js';
import { forbiddenLabels, modifiedLabels } from './labels.js';

/** admission.NewForbidden: the request's resource and name (the object's, or its generateName, on create). */
function forbidden(a: AdmissionAttributes, why: string): StatusError {
  const name = a.name || a.object?.metadata?.name || a.object?.metadata?.generateName || 'Unknown';
  return Errors.forbidden({ group: a.group, resource: a.resource }, name, why);
}

const podNotFound = (name: string) => Errors.notFound({ group: '', resource: 'pods' }, name);

class NodeRestriction {
  constructor(private readonly ports: AdmissionPorts) {}

  async admit(node: string, a: AdmissionAttributes): Promise<void> {
    switch (`${a.resource}.${a.group}`) {
      case 'pods.':
        if (a.subresource === '') return this.pod(node, a);
        if (a.subresource === 'status') return this.podStatus(node, a);
        if (a.subresource === 'eviction') return this.podEviction(node, a);
        throw forbidden(a, `unexpected pod subresource "${a.subresource}", only 'status' and 'eviction' are allowed`);
      case 'nodes.':
        return this.node(node, a);
      case 'persistentvolumeclaims.':
        if (a.subresource !== 'status') throw forbidden(a, 'may only update PVC status');
        return this.pvcStatus(node, a);
      case 'serviceaccounts.':
        return this.serviceAccount(node, a);
      case 'leases.coordination.k8s.io':
        if (a.namespace !== NODE_LEASE_NAMESPACE) throw forbidden(a, `can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`);
        return this.ownName(a, node, 'node lease');
      case 'csinodes.storage.k8s.io':
        return this.ownName(a, node, 'CSINode');
    }
  }

  /** Leases and CSINodes carry the node's name (on create the object's, which attrs.name is then). */
  private ownName(a: AdmissionAttributes, node: string, what: string): void {
    if (a.name !== node) throw forbidden(a, `can only access ${what} with the same name as the requesting node`);
  }

  private async pod(node: string, a: AdmissionAttributes): Promise<void> {
    if (a.operation === 'CREATE') return this.mirrorPod(node, a, a.object as Pod & KObject);
    if (a.operation === 'DELETE') {
      // The store hands validating admission the pod as it stands.
      const existing = (a.oldObject ?? a.object) as Pod | undefined;
      if (!existing) throw podNotFound(a.name);
      if (existing.spec?.nodeName !== node) throw forbidden(a, `node "${node}" can only delete pods with spec.nodeName set to itself`);
      return;
    }
    throw forbidden(a, `unexpected operation "${a.operation}", node "${node}" can only create and delete mirror pods`);
  }

  /** A node creates only mirror pods of its static pods: bound to itself, owned by its Node, referencing nothing it could not read anyway. */
  private async mirrorPod(node: string, a: AdmissionAttributes, pod: Pod & KObject): Promise<void> {
    if (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] === undefined)
      throw forbidden(a, `pod does not have "${MIRROR_POD_ANNOTATION}" annotation, node "${node}" can only create mirror pods`);
    if (pod.spec?.nodeName !== node) throw forbidden(a, `node "${node}" can only create pods with spec.nodeName set to itself`);
    const owners = pod.metadata.ownerReferences ?? [];
    if (owners.length > 1) throw forbidden(a, `node "${node}" can only create pods with a single owner reference set to itself`);
    const owner = owners[0];
    if (!owner || owner.apiVersion !== 'v1' || owner.kind !== 'Node' || owner.name !== node)
      throw forbidden(a, `node "${node}" can only create pods with an owner reference set to itself`);
    if (!owner.controller) throw forbidden(a, `node "${node}" can only create pods with a controller owner reference set to itself`);
    if (owner.blockOwnerDeletion) throw forbidden(a, `node "${node}" must not set blockOwnerDeletion on an owner reference`);
    const nodeObj = await this.ports.getNode(node);
    if (!nodeObj) throw Errors.notFound({ group: '', resource: 'nodes' }, node);
    if (owner.uid !== nodeObj.metadata.uid) throw forbidden(a, `node ${node} UID mismatch: expected ${owner.uid} got ${nodeObj.metadata.uid ?? ''}`);
    if (pod.spec?.serviceAccountName) throw forbidden(a, `node "${node}" can not create pods that reference a service account`);
    if (podSecretNames(pod).length) throw forbidden(a, `node "${node}" can not create pods that reference secrets`);
    if (podConfigMapNames(pod).length) throw forbidden(a, `node "${node}" can not create pods that reference configmaps`);
    if (pod.spec?.volumes?.some((v) => v.persistentVolumeClaim)) throw forbidden(a, `node "${node}" can not create pods that reference persistentvolumeclaims`);
  }

  private podStatus(node: string, a: AdmissionAttributes): void {
    if (a.operation !== 'UPDATE') throw forbidden(a, `unexpected operation "${a.operation}"`);
    if ((a.oldObject as Pod | undefined)?.spec?.nodeName !== node)
      throw forbidden(a, `node "${node}" can only update pod status for pods with spec.nodeName set to itself`);
  }

  private async podEviction(node: string, a: AdmissionAttributes): Promise<void> {
    if (a.operation !== 'CREATE') throw forbidden(a, `unexpected operation ${a.operation}`);
    // The URL's pod name wins over the Eviction's.
    const podName = a.name || a.object?.metadata?.name;
    if (!podName) throw forbidden(a, 'could not determine pod from request data');
    const pod = (await this.ports.getPod(a.namespace, podName)) as Pod | undefined;
    if (!pod) throw podNotFound(podName);
    if (pod.spec?.nodeName !== node) throw forbidden(a, `node ${node} can only evict pods with spec.nodeName set to itself`);
  }

  private node(node: string, a: AdmissionAttributes): void {
    if (a.name !== node) throw forbidden(a, `node "${node}" is not allowed to modify node "${a.name}"`);
    const obj = a.object as Node | undefined;
    if (a.operation === 'CREATE' && obj) {
      // Access is scoped by what the Node names; a node choosing its own config source would widen it.
      if (obj.spec?.configSource) throw forbidden(a, `node "${node}" is not allowed to create pods with a non-nil configSource`);
      const bad = forbiddenLabels(modifiedLabels(obj.metadata?.labels, undefined));
      if (bad.length) throw forbidden(a, `node "${node}" is not allowed to set the following labels: ${bad.join(', ')}`);
    }
    const old = a.oldObject as Node | undefined;
    if (a.operation === 'UPDATE' && obj && old) {
      // Older kubelets drop configSource on status updates; only a new non-nil one is refused.
      if (obj.spec?.configSource && !deepEqual(obj.spec.configSource, old.spec?.configSource))
        throw forbidden(a, `node "${node}" is not allowed to update configSource to a new non-nil configSource`);
      // Its taints keep workloads away from it; the node may not lift them.
      if (!deepEqual(obj.spec?.taints, old.spec?.taints)) throw forbidden(a, `node "${node}" is not allowed to modify taints`);
      const bad = forbiddenLabels(modifiedLabels(obj.metadata?.labels, old.metadata?.labels));
      if (bad.length) throw forbidden(a, `is not allowed to modify labels: ${bad.join(', ')}`);
    }
  }

  /** A node may change a claim's status.capacity and status.conditions (volume expansion), nothing else. */
  private pvcStatus(node: string, a: AdmissionAttributes): void {
    if (a.operation !== 'UPDATE') throw forbidden(a, `unexpected operation "${a.operation}"`);
    const strip = (o: KObject | undefined) => {
      const c = JSON.parse(JSON.stringify(o ?? {})) as KObject;
      delete c.metadata?.resourceVersion;
      delete c.metadata?.managedFields;
      const status = c['status'] as PersistentVolumeClaim['status'] & Record<string, unknown>;
      if (status) {
        delete status.capacity;
        delete status.conditions;
      }
      return c;
    };
    const [oldC, newC] = [strip(a.oldObject), strip(a.object)];
    if (!deepEqual(oldC, newC)) {
      const changed = [...new Set([...Object.keys(oldC), ...Object.keys(newC)])].filter((k) => !deepEqual(oldC[k], newC[k]));
      throw forbidden(a, `node "${node}" is not allowed to update fields other than status.capacity and status.conditions: changed ${changed.join(', ')}`);
    }
  }

  /** A node's TokenRequest must be bound to a pod that runs on it. */
  private async serviceAccount(node: string, a: AdmissionAttributes): Promise<void> {
    if (a.operation !== 'CREATE' || a.subresource !== 'token') return;
    const ref = (a.object as { spec?: { boundObjectRef?: { apiVersion?: string; kind?: string; name?: string; uid?: string } } } | undefined)?.spec?.boundObjectRef;
    if (!ref || ref.apiVersion !== 'v1' || ref.kind !== 'Pod' || !ref.name) throw forbidden(a, 'node requested token not bound to a pod');
    if (!ref.uid) throw forbidden(a, 'node requested token with a pod binding without a uid');
    const pod = (await this.ports.getPod(a.namespace, ref.name)) as (Pod & KObject) | undefined;
    if (!pod) throw podNotFound(ref.name);
    if (ref.uid !== pod.metadata.uid)
      throw forbidden(a, `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
    if (pod.spec?.nodeName !== node) throw forbidden(a, 'node requested token bound to a pod scheduled on a different node');
  }
}

export const nodeRestriction: PluginFactory = (ports) => {
  const plugin = new NodeRestriction(ports);
  const check = async (a: AdmissionAttributes) => {
    if (a.operation === 'CONNECT') return;
    const id = nodeIdentity(a.user);
    if (!id.isNode) return;
    if (!id.name) throw forbidden(a, `could not determine node from user "${a.user.username}"`);
    await plugin.admit(id.name, a);
  };
  return {
    name: 'NodeRestriction',
    // Upstream's plugin is a mutating one (it rejects, never mutates), so it refuses before validation runs.
    admit: async (a) => (a.operation === 'DELETE' ? undefined : check(a)),
    // The store runs only validating admission for DELETE, so deletes are checked here.
    validate: async (a) => (a.operation === 'DELETE' ? check(a) : undefined),
  };
};
