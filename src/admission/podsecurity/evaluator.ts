// The evaluator: which checks run for a level and version, and the aggregate of their results.
// As upstream's policy registry: every check revision covers the versions from its minVersion up to
// the next revision's; baseline checks run at restricted too unless a restricted check overrides
// them at that version; checks run in id order, baseline first, so messages are stable.
import type { PodSpec } from 'kubernetes-types/core/v1.js';
import type { LevelVersion } from './api.js';
import type { Check, CheckPodFn, CheckResult, Fix, PodMeta } from './checks/check.js';
import { defaultChecks } from './checks/index.js';

export interface Violation {
  check: string;
  reason: string;
  detail: string;
  fixes: Fix[];
}

export interface Evaluation {
  allowed: boolean;
  violations: Violation[];
}

/** "allowPrivilegeEscalation != false (container "c" must …), seccompProfile (…)", as in errors and warnings. */
export const forbiddenDetail = (e: Evaluation) => e.violations.map((v) => (v.detail ? `${v.reason} (${v.detail})` : v.reason)).join(', ');
/** Reasons only, as the namespace label check lists them per pod. */
export const forbiddenReason = (e: Evaluation) => e.violations.map((v) => v.reason).join(', ');

interface Entry {
  id: string;
  check: CheckPodFn;
}

export class Evaluator {
  /** The newest version any check names; later versions (and "latest") evaluate as this one. */
  readonly maxVersion: number;
  private readonly baseline: Entry[][] = [];
  private readonly restricted: Entry[][] = [];

  constructor(checks: readonly Check[] = defaultChecks) {
    validateChecks(checks);
    this.maxVersion = Math.max(...checks.map((c) => c.versions[c.versions.length - 1]!.minVersion));
    const ordered = [...checks].sort((a, b) => (a.level === b.level ? (a.id < b.id ? -1 : 1) : a.level === 'baseline' ? -1 : 1));
    for (let v = 0; v <= this.maxVersion; v++) {
      const active = ordered.flatMap((c) => {
        const rev = [...c.versions].reverse().find((r) => r.minVersion <= v);
        return rev ? [{ c, rev }] : [];
      });
      const overridden = new Set(active.flatMap(({ rev }) => rev.overrides ?? []));
      this.baseline[v] = active.filter(({ c }) => c.level === 'baseline').map(({ c, rev }) => ({ id: c.id, check: rev.check }));
      this.restricted[v] = active.filter(({ c }) => !(c.level === 'baseline' && overridden.has(c.id))).map(({ c, rev }) => ({ id: c.id, check: rev.check }));
    }
  }

  /** The ids of the checks that run for a level and version, in the order they run. */
  checkIds(lv: LevelVersion): string[] {
    return this.entries(lv).map((e) => e.id);
  }

  evaluate(lv: LevelVersion, meta: PodMeta | undefined, spec: PodSpec | undefined): Evaluation {
    const violations: Violation[] = [];
    const m = meta ?? {};
    const s = spec ?? ({} as PodSpec);
    for (const e of this.entries(lv)) {
      const r: CheckResult = e.check(m, s);
      if (r.allowed) continue;
      violations.push({ check: e.id, reason: r.reason || 'unknown forbidden reason', detail: r.detail ?? '', fixes: r.fixes ?? [] });
    }
    return { allowed: violations.length === 0, violations };
  }

  private entries(lv: LevelVersion): Entry[] {
    if (lv.level === 'privileged') return [];
    const v = lv.version === 'latest' || lv.version > this.maxVersion ? this.maxVersion : lv.version;
    return (lv.level === 'baseline' ? this.baseline : this.restricted)[v]!;
  }
}

function validateChecks(checks: readonly Check[]): void {
  const ids = new Set<string>();
  for (const c of checks) {
    if (ids.has(c.id)) throw new Error(`podsecurity: multiple checks registered for id ${c.id}`);
    ids.add(c.id);
    if (!c.versions.length) throw new Error(`podsecurity: check ${c.id} has no versions`);
    c.versions.forEach((r, i) => {
      if (i > 0 && r.minVersion <= c.versions[i - 1]!.minVersion) throw new Error(`podsecurity: check ${c.id}: versions must be strictly increasing`);
    });
  }
}

/** The one evaluator of the built-in checks, shared by the admission plugin and the report. */
export const defaultEvaluator = new Evaluator();
