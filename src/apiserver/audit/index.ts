// Auditing (k8s.io/apiserver's audit package and log backend): policy, per-request records, sinks.
export type { AuditEvent, Level, Policy, PolicyRule, Stage } from './types.js';
export { loadPolicyFile, parsePolicy, PolicyChecker, METADATA_FOR_ALL } from './policy.js';
export { Auditor, RequestAudit } from './record.js';
export { auditLogSink, AUDIT_LOG_FORMATS, type AuditLogFormat, type AuditSink } from './sink.js';
export { backupName, listBackups, RotatingFile } from './rotate.js';
