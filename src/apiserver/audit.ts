// Audit events: one audit.k8s.io/v1 Event per request, with the annotations admission plugins add
// (PodSecurity's enforce-policy and audit-violations). For now every request is recorded at the
// Metadata level when --audit-log-path is given; audit policies and log rotation come with the
// security work, behind the same AuditSink.
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import type { UserInfo } from '../admission/plugin.js';
import type { RequestInfo } from './requestinfo.js';

export interface AuditEvent {
  kind: 'Event';
  apiVersion: 'audit.k8s.io/v1';
  level: 'Metadata';
  auditID: string;
  stage: 'ResponseComplete';
  requestURI: string;
  verb: string;
  user: UserInfo;
  sourceIPs: string[];
  userAgent?: string;
  objectRef?: { resource: string; namespace?: string; name?: string; apiGroup?: string; apiVersion: string; subresource?: string };
  responseStatus: { metadata: Record<string, never>; code: number };
  requestReceivedTimestamp: string;
  stageTimestamp: string;
  annotations?: Record<string, string>;
}

export interface AuditSink {
  write(event: AuditEvent): void;
  close(): Promise<void>;
}

/** JSON lines appended to a file, as kube-apiserver's --audit-log-path with --audit-log-format=json. */
export function fileAuditSink(path: string): AuditSink {
  mkdirSync(dirname(path), { recursive: true });
  const out: WriteStream = createWriteStream(path, { flags: 'a', mode: 0o600 });
  return {
    write: (e) => void out.write(JSON.stringify(e) + '\n'),
    close: () => new Promise((resolve) => out.end(resolve)),
  };
}

/** One request's audit record in the making: its ID (the Audit-Id header) and annotations. */
export class RequestAudit {
  readonly id = randomUUID();
  readonly received = new Date();
  readonly annotations: Record<string, string> = {};
  /** The decoded request object's name, for creates whose URL names none (as LogRequestObject fills it). */
  objectName = '';

  /** Set when the request impersonates someone: then `user` is who it acts as. */
  impersonatedUser?: UserInfo;

  constructor(public user: UserInfo) {}

  /** From here on the request acts as `as`; the event keeps both, as upstream's impersonatedUser. */
  impersonate(as: UserInfo): void {
    this.impersonatedUser = as;
  }

  /** Who the request acts as: the impersonated user if any. */
  get actingUser(): UserInfo {
    return this.impersonatedUser ?? this.user;
  }

  annotate(key: string, value: string): void {
    this.annotations[key] = value;
  }

  event(req: IncomingMessage, res: ServerResponse, info: RequestInfo): AuditEvent {
    const e: AuditEvent = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID: this.id,
      stage: 'ResponseComplete',
      requestURI: req.url ?? '/',
      verb: info.isResourceRequest ? info.verb : (req.method ?? 'GET').toLowerCase(),
      user: this.user,
      sourceIPs: [req.socket.remoteAddress ?? ''],
      userAgent: req.headers['user-agent'],
      responseStatus: { metadata: {}, code: res.statusCode },
      requestReceivedTimestamp: this.received.toISOString(),
      stageTimestamp: new Date().toISOString(),
    };
    if (info.isResourceRequest) {
      const ref: NonNullable<AuditEvent['objectRef']> = { resource: info.resource, apiVersion: info.version };
      if (info.namespace) ref.namespace = info.namespace;
      if (info.name || this.objectName) ref.name = info.name || this.objectName;
      if (info.group) ref.apiGroup = info.group;
      if (info.subresource) ref.subresource = info.subresource;
      e.objectRef = ref;
    }
    if (Object.keys(this.annotations).length) e.annotations = { ...this.annotations };
    return e;
  }
}
