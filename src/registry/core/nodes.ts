// nodes (core/v1, cluster-scoped, stored under "minions"): the kubelet registers its node with status.
import type { Node } from 'kubernetes-types/core/v1.js';
import { defaultNode } from '../../api/core/defaults.js';
import { ageOf } from '../../machinery/format.js';
import { validateNode, validateNodeUpdate } from '../../validation/core/node.js';
import { ageColumn, col, nameColumn, type ResourceStrategy } from '../strategy.js';

/** Ready / NotReady / Unknown from the Ready condition, plus SchedulingDisabled when cordoned. */
export function nodeStatus(node: Node): string {
  const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** Roles from node-role.kubernetes.io/<role> label keys and the kubernetes.io/role label value. */
export function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) {
      roles.add(v);
    }
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

const address = (node: Node, type: string) => node.status?.addresses?.find((a) => a.type === type)?.address ?? '<none>';

export const nodes: ResourceStrategy<Node> = {
  group: '',
  version: 'v1',
  kind: 'Node',
  resource: 'nodes',
  singular: 'node',
  namespaced: false,
  shortNames: ['no'],
  storagePrefix: 'minions',
  subresources: { status: true },
  defaults: defaultNode,
  validate: validateNode,
  validateUpdate: validateNodeUpdate,
  selectableFields: (node) => ({ 'spec.unschedulable': String(!!node.spec?.unschedulable) }),
  printer: {
    columns: [
      nameColumn,
      col('Status', 'string', 0, 'The status of the node'),
      col('Roles', 'string', 0, 'The roles of the node'),
      ageColumn,
      col('Version', 'string', 0, 'Kubelet Version reported by the node.'),
      col('Internal-IP', 'string', 1, 'List of addresses reachable to the node. Queried from cloud provider, if available.'),
      col('External-IP', 'string', 1, 'List of addresses reachable to the node. Queried from cloud provider, if available.'),
      col('OS-Image', 'string', 1, 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).'),
      col('Kernel-Version', 'string', 1, "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64)."),
      col('Container-Runtime', 'string', 1, 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).'),
    ],
    cells(node, now) {
      const info = node.status?.nodeInfo;
      return [
        node.metadata?.name ?? '',
        nodeStatus(node),
        nodeRoles(node),
        ageOf(node.metadata?.creationTimestamp, now),
        info?.kubeletVersion ?? '',
        address(node, 'InternalIP'),
        address(node, 'ExternalIP'),
        info?.osImage || '<unknown>',
        info?.kernelVersion || '<unknown>',
        info?.containerRuntimeVersion || '<unknown>',
      ];
    },
  },
};
