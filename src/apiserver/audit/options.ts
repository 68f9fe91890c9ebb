// The --audit-* flags of kube-apiserver that Kubette takes, checked as AuditLogOptions.Validate
// checks them, and turned into a sink and a policy.
import { resolve } from 'node:path';
import { loadPolicyFile, type PolicyChecker } from './policy.js';
import { AUDIT_LOG_FORMATS, auditLogSink, type AuditLogFormat, type AuditSink } from './sink.js';

export const auditOptions = {
  'audit-policy-file': { type: 'string' },
  'audit-log-path': { type: 'string' },
  'audit-log-maxage': { type: 'string', default: '0' },
  'audit-log-maxbackup': { type: 'string', default: '0' },
  'audit-log-maxsize': { type: 'string', default: '0' },
  'audit-log-format': { type: 'string', default: 'json' },
} as const;

export const auditHelp = `      --audit-policy-file string
                              an audit.k8s.io/v1 Policy (YAML or JSON): which requests are recorded, at which level
                              (without it every request is recorded at Metadata)
      --audit-log-path string write audit events to this file as JSON lines ("-" for standard out)
      --audit-log-maxage int  days to keep rotated audit log files, by the time in their names (default 0: forever)
      --audit-log-maxbackup int
                              rotated audit log files to keep (default 0: all)
      --audit-log-maxsize int megabytes the audit log may reach before it is rotated (default 0: 100)
      --audit-log-format string
                              "json" (audit.k8s.io/v1 events) or "legacy" (one line of text) (default "json")
`;

type Values = { [K in keyof typeof auditOptions]?: string };

/** The sink (when --audit-log-path is given) and the policy (when --audit-policy-file is). Throws on bad flags or files. */
export function auditFromFlags(values: Values, onError: (err: Error) => void): { audit?: AuditSink; auditPolicy?: PolicyChecker } {
  const policyFile = values['audit-policy-file'];
  const auditPolicy = policyFile ? loadPolicyFile(resolve(policyFile)) : undefined;
  const path = values['audit-log-path'];
  if (!path) return { auditPolicy };
  const errs: string[] = [];
  const format = values['audit-log-format'] ?? 'json';
  if (!(AUDIT_LOG_FORMATS as readonly string[]).includes(format)) errs.push(`invalid audit log format ${format}, allowed formats are ${JSON.stringify(AUDIT_LOG_FORMATS.join(','))}`);
  const int = (flag: 'audit-log-maxage' | 'audit-log-maxbackup' | 'audit-log-maxsize'): number => {
    const raw = values[flag] ?? '0';
    if (!/^-?\d+$/.test(raw)) {
      errs.push(`invalid argument ${JSON.stringify(raw)} for "--${flag}" flag: strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`);
      return 0;
    }
    const n = Number(raw);
    if (n < 0) errs.push(`--${flag} ${n} can't be a negative number`);
    return n;
  };
  const maxAgeDays = int('audit-log-maxage');
  const maxBackups = int('audit-log-maxbackup');
  const maxSizeMB = int('audit-log-maxsize');
  if (errs.length) throw new Error(errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`);
  const audit = auditLogSink(path === '-' ? '-' : resolve(path), {
    format: format as AuditLogFormat,
    maxAgeDays,
    maxBackups,
    maxBytes: maxSizeMB * 1024 * 1024,
    onError,
  });
  return { audit, auditPolicy };
}
