// The log backend (--audit-log-path): one event a line, as JSON (audit.k8s.io/v1) or in the legacy
// one-line text format, to stdout ("-") or a size-rotated file.
import { RotatingFile, type RotationOptions } from './rotate.js';
import type { AuditEvent } from './types.js';

export interface AuditSink {
  /** Must not block: events are queued and written in order. */
  write(event: AuditEvent): void;
  /** Writes what is queued; no event is lost on a clean shutdown. */
  close(): Promise<void>;
}

export const AUDIT_LOG_FORMATS = ['legacy', 'json'] as const;
export type AuditLogFormat = (typeof AUDIT_LOG_FORMATS)[number];

export interface AuditLogOptions extends RotationOptions {
  format?: AuditLogFormat;
}

export function auditLogSink(path: string, opts: AuditLogOptions = {}): AuditSink {
  const encode = opts.format === 'legacy' ? (e: AuditEvent) => legacyLine(e) + '\n' : (e: AuditEvent) => JSON.stringify(e) + '\n';
  if (path === '-') {
    return {
      write: (e) => void process.stdout.write(encode(e)),
      close: () => new Promise((resolve) => process.stdout.write('', () => resolve())),
    };
  }
  const file = new RotatingFile(path, opts);
  return { write: (e) => file.write(encode(e)), close: () => file.close() };
}

/** The --audit-log-format=legacy line (audit.EventString). */
export function legacyLine(e: AuditEvent): string {
  const q = (s: string) => JSON.stringify(s);
  const list = (xs: string[]) => xs.map(q).join(',');
  const user = e.user.username || '<none>';
  const groups = e.user.username && e.user.groups?.length ? list(e.user.groups) : '<none>';
  const as = e.impersonatedUser ? e.impersonatedUser.username : '<self>';
  const asGroups = e.impersonatedUser?.groups ? list(e.impersonatedUser.groups) : '<lookup>';
  const response = e.responseStatus ? String(e.responseStatus.code ?? 0) : '<deferred>';
  // RFC3339Nano drops trailing zeros of the fraction.
  const ts = e.requestReceivedTimestamp.replace(/\.?0+Z$/, 'Z');
  return (
    `${ts} AUDIT: id=${q(e.auditID)} stage=${q(e.stage)} ip=${q(e.sourceIPs?.[0] ?? '<unknown>')} method=${q(e.verb)} ` +
    `user=${q(user)} groups=${q(groups)} as=${q(as)} asgroups=${q(asGroups)} user-agent=${q(e.userAgent ?? '')} ` +
    `namespace=${q(e.objectRef?.namespace || '<none>')} uri=${q(e.requestURI)} response="${response}"`
  );
}
