// API Priority and Fairness (WithPriorityAndFairness): each request is classified by the flow
// schemas into a priority level and a flow; exempt levels run at once, limited ones take a seat from
// their share of the server's concurrency (--max-requests-inflight + --max-mutating-requests-inflight)
// through fair queuing. Every classified response carries the X-Kubernetes-PF-* headers.
import type { ServerResponse } from 'node:http';
import type { UserInfo } from '../../api/user.js';
import type { RequestInfo } from '../requestinfo.js';
import { FairQueue, type Release } from './fairqueue.js';
import { classify, configUID, PRIORITY_LEVELS } from './flowschemas.js';
import { isLongRunning } from './longrunning.js';

export class PriorityAndFairness {
  readonly levels = new Map<string, FairQueue>();

  /** `waitLimitMs`: how long a request may queue (upstream: a quarter of --request-timeout). */
  constructor(serverConcurrency: number, waitLimitMs: number) {
    const limited = PRIORITY_LEVELS.filter((pl) => !pl.exempt);
    const shares = limited.reduce((sum, pl) => sum + pl.shares!, 0);
    for (const pl of limited) this.levels.set(pl.name, new FairQueue(pl.name, Math.ceil((serverConcurrency * pl.shares!) / shares), pl.queuing, waitLimitMs));
  }

  /**
   * A release function once the request may run, 'rejected' when it must get a 429, or undefined
   * when the client went away while it queued. Long-running requests other than watch are not
   * limited; a watch holds its seat only until its stream has started (the caller releases then).
   */
  async admit(user: UserInfo, info: RequestInfo, res: ServerResponse): Promise<Release | 'rejected' | undefined> {
    if (isLongRunning(info) && info.verb !== 'watch') return noop;
    const { schema, flow } = classify(user, info);
    res.setHeader('X-Kubernetes-PF-FlowSchema-UID', configUID('flowschema', schema.name));
    res.setHeader('X-Kubernetes-PF-PriorityLevel-UID', configUID('prioritylevelconfiguration', schema.priorityLevel));
    const level = this.levels.get(schema.priorityLevel);
    if (!level) return noop; // exempt
    const gone = new AbortController();
    const abandon = () => gone.abort();
    res.once('close', abandon);
    const release = await level.admit(flow, gone.signal);
    res.off('close', abandon);
    if (release) return release;
    return gone.signal.aborted ? undefined : 'rejected';
  }
}

const noop = () => {};
