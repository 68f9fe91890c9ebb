// The ClusterRole aggregation controller (pkg/controller/clusterroleaggregation, v1.25): a ClusterRole
// with an aggregationRule gets as its rules the union of the rules of every other ClusterRole that
// any of its clusterRoleSelectors matches — roles taken by name within each selector, selectors in
// order, each rule once — written only when that differs from what it has. This is how admin, edit
// and view pick up rules from roles labelled rbac.authorization.k8s.io/aggregate-to-*.
import type { ClusterRole, PolicyRule } from 'kubernetes-types/rbac/v1.js';
import type { KObject } from '../../api/object.js';
import { sameRule } from '../../api/rbac/rules.js';
import { realClock, type Clock } from '../../client/clock.js';
import { runWorkers, type SyncResult } from '../../client/controller.js';
import type { Informer } from '../../client/informer.js';
import { informersOf } from '../../client/informerfactory.js';
import { isNotFound, type ResourceClient } from '../../client/rest.js';
import { WorkQueue } from '../../client/workqueue.js';
import { silentLogger, type Logger } from '../../machinery/log.js';
import { labelSelectorFromObject, matchesLabels } from '../../machinery/selectors.js';
import type { ControllerOptions } from '../common/options.js';

type ClusterRoleObject = ClusterRole & KObject;

const CLUSTER_ROLES = { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles' };

/** The aggregated rules of `role` from `all` ClusterRoles. Throws on a selector that cannot be parsed. */
export function aggregateRules(role: ClusterRole, all: ClusterRole[]): PolicyRule[] {
  const rules: PolicyRule[] = [];
  const byName = [...all].sort((a, b) => (a.metadata!.name! < b.metadata!.name! ? -1 : a.metadata!.name! > b.metadata!.name! ? 1 : 0));
  for (const selector of role.aggregationRule?.clusterRoleSelectors ?? []) {
    const sel = labelSelectorFromObject(selector);
    for (const other of byName) {
      if (other.metadata!.name === role.metadata!.name || !matchesLabels(sel, other.metadata!.labels)) continue;
      for (const r of other.rules ?? []) if (!rules.some((have) => sameRule(have, r))) rules.push(r);
    }
  }
  return rules;
}

const sameRules = (a: PolicyRule[] | undefined, b: PolicyRule[] | undefined) => (a ?? []).length === (b ?? []).length && (a ?? []).every((r, i) => sameRule(r, b![i]!));

export class ClusterRoleAggregationController {
  private readonly log: Logger;
  private readonly queue: WorkQueue<string>;
  private readonly roles: Informer<ClusterRoleObject>;
  private readonly client: ResourceClient<ClusterRoleObject>;
  private readonly workers: number;
  private running?: Promise<void>;

  constructor(opts: ControllerOptions) {
    const clock: Clock = opts.clock ?? realClock;
    this.log = opts.log ?? silentLogger;
    this.workers = opts.workers ?? 5; // kube-controller-manager runs it with 5 workers
    this.queue = new WorkQueue<string>('ClusterRoleAggregator', clock);
    this.client = opts.rest.resource<ClusterRoleObject>(CLUSTER_ROLES);
    this.roles = informersOf(opts).forClient(this.client);
    // Any change may alter any aggregate (the dependency graph is unknown and the set small), so
    // every aggregating role is queued each time, as upstream does.
    const enqueueAll = () => {
      for (const r of this.roles.cache.list()) if (r.aggregationRule) this.queue.add(r.metadata.name!);
    };
    this.roles.on({ add: enqueueAll, update: enqueueAll, delete: enqueueAll });
  }

  async start(): Promise<void> {
    this.roles.start();
    await this.roles.waitForSync();
    this.running = runWorkers({ queue: this.queue, sync: (name) => this.sync(name), workers: this.workers, log: this.log });
  }

  async stop(): Promise<void> {
    this.queue.shutDown();
    await this.roles.stop();
    await this.running;
  }

  private async sync(name: string): Promise<SyncResult> {
    const role = this.roles.cache.getByName('', name);
    if (!role?.aggregationRule) return;
    const rules = aggregateRules(role, this.roles.cache.list());
    if (sameRules(rules, role.rules)) return;
    try {
      // Upstream applies with field manager clusterrole-aggregation-controller (forced); an update of
      // the cached object has the same effect, and a conflict just means a newer version is coming.
      await this.client.update({ ...role, rules });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
  }
}
