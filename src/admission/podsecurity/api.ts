// Pod Security levels, policy versions and the namespace labels that select them, as
// k8s.io/pod-security-admission/api of v1.25: parsing, defaults, and what counts as a change.
import { invalid, type FieldError } from '../../machinery/fielderrors.js';

export type Level = 'privileged' | 'baseline' | 'restricted';
export const LEVELS: readonly Level[] = ['privileged', 'baseline', 'restricted'];

/** A policy version: the minor number of v1.x, or "latest". */
export type Version = number | 'latest';

export interface LevelVersion {
  level: Level;
  version: Version;
}

export type Mode = 'enforce' | 'audit' | 'warn';
export const MODES: readonly Mode[] = ['enforce', 'audit', 'warn'];

export type Policy = Record<Mode, LevelVersion>;

export const LABEL_PREFIX = 'pod-security.kubernetes.io/';
export const levelLabel = (m: Mode) => `${LABEL_PREFIX}${m}`;
export const versionLabel = (m: Mode) => `${LABEL_PREFIX}${m}-version`;

/** Audit annotation keys, prefixed by the plugin name as kube-apiserver records them. */
export const AUDIT_VIOLATIONS = `${LABEL_PREFIX}audit-violations`;
export const ENFORCE_POLICY = `${LABEL_PREFIX}enforce-policy`;
export const EXEMPT = `${LABEL_PREFIX}exempt`;
export const AUDIT_ERROR = `${LABEL_PREFIX}error`;

export const formatVersion = (v: Version): string => (v === 'latest' ? 'latest' : `v1.${v}`);
export const formatLevelVersion = (lv: LevelVersion): string => `${lv.level}:${formatVersion(lv.version)}`;

const LEVEL_ERROR = `must be one of ${LEVELS.join(', ')}`;
const VERSION_ERROR = 'must be "latest" or "v1.x"';
const VERSION_RE = /^v1\.([0-9]|[1-9][0-9]*)$/;

export function isLevel(v: unknown): v is Level {
  return v === 'privileged' || v === 'baseline' || v === 'restricted';
}

/** The level, or an error text; an unparseable level evaluates as restricted (fail closed). */
export function parseLevel(v: string): { level: Level; error?: string } {
  return isLevel(v) ? { level: v } : { level: 'restricted', error: LEVEL_ERROR };
}

/** The version, or an error text; an unparseable version evaluates as latest. */
export function parseVersion(v: string): { version: Version; error?: string } {
  if (v === 'latest') return { version: 'latest' };
  const m = VERSION_RE.exec(v);
  if (!m || !Number.isSafeInteger(Number(m[1]))) return { version: 'latest', error: VERSION_ERROR };
  return { version: Number(m[1]) };
}

/** Version order; latest is newer than every numbered version. */
export function olderThan(a: Version, b: Version): boolean {
  if (a === 'latest') return false;
  if (b === 'latest') return true;
  return a < b;
}

export const PRIVILEGED_LATEST: LevelVersion = { level: 'privileged', version: 'latest' };
export const DEFAULT_POLICY: Policy = { enforce: PRIVILEGED_LATEST, audit: PRIVILEGED_LATEST, warn: PRIVILEGED_LATEST };

/**
 * The policy a namespace's labels select, falling back to `defaults` label by label. A usable
 * policy always comes back; unparseable enforce labels fail closed (restricted/latest), unparseable
 * audit and warn levels fail open (privileged), as upstream's PolicyToEvaluate.
 */
export function policyFromLabels(labels: Record<string, string> | undefined, defaults: Policy): { policy: Policy; errors: FieldError[] } {
  const policy: Policy = { enforce: { ...defaults.enforce }, audit: { ...defaults.audit }, warn: { ...defaults.warn } };
  const errors: FieldError[] = [];
  if (!labels) return { policy, errors };
  for (const mode of MODES) {
    const level = labels[levelLabel(mode)];
    if (level !== undefined) {
      const r = parseLevel(level);
      policy[mode].level = r.error && mode !== 'enforce' ? 'privileged' : r.level;
      if (r.error) errors.push(invalid(`metadata.labels[${levelLabel(mode)}]`, level, r.error));
    }
    const version = labels[versionLabel(mode)];
    if (version !== undefined) {
      const r = parseVersion(version);
      policy[mode].version = r.version;
      if (r.error) errors.push(invalid(`metadata.labels[${versionLabel(mode)}]`, version, r.error));
    }
  }
  return { policy, errors };
}

/** -1, 0 or 1 as level a is less strict than, as strict as, or stricter than b. */
export function compareLevels(a: Level, b: Level): number {
  return Math.sign(LEVELS.indexOf(a) - LEVELS.indexOf(b));
}

export const sameLevelVersion = (a: LevelVersion, b: LevelVersion) => a.level === b.level && a.version === b.version;
/** Two modes behave alike when both are privileged (the version is then moot) or fully equal. */
const equivalent = (a: LevelVersion, b: LevelVersion) => (a.level === 'privileged' && b.level === 'privileged') || sameLevelVersion(a, b);
export const equivalentPolicies = (a: Policy, b: Policy) => MODES.every((m) => equivalent(a[m], b[m]));
export const fullyPrivileged = (p: Policy) => MODES.every((m) => p[m].level === 'privileged');
