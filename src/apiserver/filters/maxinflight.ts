// The pre-APF limit (--enable-priority-and-fairness=false): two pools of seats, read-only and
// mutating; a full pool answers 429 at once, except to system:masters, who are always served.
// A limit of 0 means no limit for that pool. Long-running requests take no seat.
import { Groups, type UserInfo } from '../../api/user.js';
import type { RequestInfo } from '../requestinfo.js';
import { isLongRunning, isMutating } from './longrunning.js';

export class MaxInFlight {
  private readOnly = 0;
  private mutating = 0;

  constructor(
    private readonly readOnlyLimit: number,
    private readonly mutatingLimit: number,
  ) {}

  /** A release function when the request may run, undefined when it must be rejected. */
  acquire(user: UserInfo, info: RequestInfo): (() => void) | undefined {
    if (isLongRunning(info)) return noop;
    const mutating = isMutating(info);
    const limit = mutating ? this.mutatingLimit : this.readOnlyLimit;
    if (limit === 0) return noop;
    const inUse = mutating ? this.mutating : this.readOnly;
    if (inUse >= limit) return user.groups.includes(Groups.masters) ? noop : undefined;
    if (mutating) this.mutating++;
    else this.readOnly++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (mutating) this.mutating--;
      else this.readOnly--;
    };
  }

  get inFlight(): { readOnly: number; mutating: number } {
    return { readOnly: this.readOnly, mutating: this.mutating };
  }
}

const noop = () => {};
