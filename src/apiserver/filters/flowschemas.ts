// API Priority and Fairness configuration: kube-apiserver v1.25's mandatory and suggested
// PriorityLevelConfigurations and FlowSchemas (apis/flowcontrol/bootstrap/default.go), as data.
// Kubette serves no flowcontrol.apiserver.k8s.io objects, so this set is fixed.
import { createHash } from 'node:crypto';
import { Groups, Users, type UserInfo } from '../../api/user.js';
import type { RequestInfo } from '../requestinfo.js';

export interface Queuing {
  queues: number;
  handSize: number;
  queueLengthLimit: number;
}

export interface PriorityLevelConfig {
  name: string;
  /** Exempt levels have no limit at all. */
  exempt?: true;
  /** AssuredConcurrencyShares: this level's part of the server's concurrency. */
  shares?: number;
  /** Absent on a limited level: LimitResponse Reject (no queuing). */
  queuing?: Queuing;
}

const q = (queues: number, handSize: number, queueLengthLimit: number): Queuing => ({ queues, handSize, queueLengthLimit });

export const PRIORITY_LEVELS: PriorityLevelConfig[] = [
  { name: 'exempt', exempt: true },
  { name: 'system', shares: 30, queuing: q(64, 6, 50) },
  { name: 'node-high', shares: 40, queuing: q(64, 6, 50) },
  { name: 'leader-election', shares: 10, queuing: q(16, 4, 50) },
  { name: 'workload-high', shares: 40, queuing: q(128, 6, 50) },
  { name: 'workload-low', shares: 100, queuing: q(128, 6, 50) },
  { name: 'global-default', shares: 20, queuing: q(128, 6, 50) },
  { name: 'catch-all', shares: 5 },
];

export type Distinguisher = 'ByUser' | 'ByNamespace';

export interface FlowSchema {
  name: string;
  priorityLevel: string;
  matchingPrecedence: number;
  distinguisher?: Distinguisher;
  subject(user: UserInfo): boolean;
  rule(info: RequestInfo): boolean;
}

const inGroup = (...groups: string[]) => (u: UserInfo) => u.groups.some((g) => groups.includes(g));
const isUser = (...names: string[]) => (u: UserInfo) => names.includes(u.username);
const kubeSystemSA = (u: UserInfo) => u.username.startsWith(`${Users.serviceAccountPrefix}kube-system:`);
const anyRequest = () => true;
/** The resource as flow schemas name it: "nodes/status" for a subresource. */
const resourceOf = (i: RequestInfo) => (i.subresource ? `${i.resource}/${i.subresource}` : i.resource);
const leaderElection = (systemOnly: boolean) => (i: RequestInfo) =>
  i.isResourceRequest &&
  ['get', 'create', 'update'].includes(i.verb) &&
  ((i.group === '' && ['endpoints', 'configmaps'].includes(resourceOf(i)) && (!systemOnly || i.namespace === 'kube-system') && i.namespace !== '') ||
    (i.group === 'coordination.k8s.io' && resourceOf(i) === 'leases' && i.namespace !== ''));

export const FLOW_SCHEMAS: FlowSchema[] = ([
  { name: 'exempt', priorityLevel: 'exempt', matchingPrecedence: 1, subject: inGroup(Groups.masters), rule: anyRequest },
  {
    name: 'probes',
    priorityLevel: 'exempt',
    matchingPrecedence: 2,
    subject: inGroup(Groups.authenticated, Groups.unauthenticated),
    rule: (i) => !i.isResourceRequest && i.verb === 'get' && ['/healthz', '/readyz', '/livez'].includes(i.path),
  },
  {
    name: 'system-leader-election',
    priorityLevel: 'leader-election',
    matchingPrecedence: 100,
    distinguisher: 'ByUser',
    subject: (u) => isUser(Users.controllerManager, Users.scheduler)(u) || kubeSystemSA(u),
    rule: leaderElection(true),
  },
  { name: 'workload-leader-election', priorityLevel: 'leader-election', matchingPrecedence: 200, distinguisher: 'ByUser', subject: kubeSystemSA, rule: leaderElection(false) },
  {
    name: 'system-node-high',
    priorityLevel: 'node-high',
    matchingPrecedence: 400,
    distinguisher: 'ByUser',
    subject: inGroup(Groups.nodes),
    rule: (i) =>
      i.isResourceRequest &&
      ((i.group === '' && ['nodes', 'nodes/status'].includes(resourceOf(i)) && i.namespace === '') || (i.group === 'coordination.k8s.io' && resourceOf(i) === 'leases' && i.namespace !== '')),
  },
  { name: 'system-nodes', priorityLevel: 'system', matchingPrecedence: 500, distinguisher: 'ByUser', subject: inGroup(Groups.nodes), rule: anyRequest },
  { name: 'kube-controller-manager', priorityLevel: 'workload-high', matchingPrecedence: 800, distinguisher: 'ByNamespace', subject: isUser(Users.controllerManager), rule: anyRequest },
  { name: 'kube-scheduler', priorityLevel: 'workload-high', matchingPrecedence: 800, distinguisher: 'ByNamespace', subject: isUser(Users.scheduler), rule: anyRequest },
  { name: 'kube-system-service-accounts', priorityLevel: 'workload-high', matchingPrecedence: 900, distinguisher: 'ByNamespace', subject: kubeSystemSA, rule: anyRequest },
  { name: 'service-accounts', priorityLevel: 'workload-low', matchingPrecedence: 9000, distinguisher: 'ByUser', subject: inGroup(Groups.serviceAccounts), rule: anyRequest },
  { name: 'global-default', priorityLevel: 'global-default', matchingPrecedence: 9900, distinguisher: 'ByUser', subject: inGroup(Groups.authenticated, Groups.unauthenticated), rule: anyRequest },
  { name: 'catch-all', priorityLevel: 'catch-all', matchingPrecedence: 10000, distinguisher: 'ByUser', subject: inGroup(Groups.authenticated, Groups.unauthenticated), rule: anyRequest },
] satisfies FlowSchema[]).sort((a, b) => a.matchingPrecedence - b.matchingPrecedence);

export interface Classification {
  schema: FlowSchema;
  /** The flow within the priority level: the schema and its distinguisher's value. */
  flow: string;
}

/** The first schema (by precedence) matching the request, as upstream's classifier; catch-all otherwise. */
export function classify(user: UserInfo, info: RequestInfo): Classification {
  const schema = FLOW_SCHEMAS.find((fs) => fs.subject(user) && fs.rule(info)) ?? FLOW_SCHEMAS[FLOW_SCHEMAS.length - 1]!;
  const by = schema.distinguisher === 'ByUser' ? user.username : schema.distinguisher === 'ByNamespace' ? info.namespace : '';
  return { schema, flow: `${schema.name}\0${by}` };
}

/** A stable UID per configuration object, for the X-Kubernetes-PF-* headers (no API objects exist to take one from). */
export function configUID(kind: string, name: string): string {
  const key = `${kind}/${name}`;
  let uid = uids.get(key);
  if (!uid) {
    const h = createHash('sha1').update(`kubette/${key}`).digest('hex');
    uids.set(key, (uid = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`));
  }
  return uid;
}
const uids = new Map<string, string>();
