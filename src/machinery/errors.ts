// StatusError: the one error type the API layer understands. Everything below the HTTP edge throws
// these (or returns FieldError[] that become one); the edge serialises `status` verbatim.
// Messages and details follow k8s.io/apimachinery/pkg/api/errors exactly.
import { aggregateString, errorBody, type FieldError } from './fielderrors.js';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: { resourceVersion?: string; continue?: string };
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? status.reason ?? 'error');
    this.name = 'StatusError';
  }
  get code(): number {
    return this.status.code;
  }
  get reason(): string {
    return this.status.reason ?? '';
  }
}

function failure(code: number, reason: string, message: string, details?: StatusDetails): StatusError {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code };
  if (reason) status.reason = reason;
  if (details) status.details = details;
  return new StatusError(status);
}

/** A group-qualified resource or kind, e.g. {group:'apps', resource:'deployments'} → "deployments.apps". */
export interface GroupResource {
  group: string;
  resource: string;
}
export const qualified = (group: string, name: string) => (group ? `${name}.${group}` : name);

function gr(r: GroupResource, name: string): StatusDetails {
  const d: StatusDetails = { name, kind: r.resource };
  if (r.group) d.group = r.group;
  return d;
}

export const Errors = {
  notFound(r: GroupResource, name: string): StatusError {
    return failure(404, 'NotFound', `${qualified(r.group, r.resource)} "${name}" not found`, gr(r, name));
  },
  alreadyExists(r: GroupResource, name: string): StatusError {
    return failure(409, 'AlreadyExists', `${qualified(r.group, r.resource)} "${name}" already exists`, gr(r, name));
  },
  conflict(r: GroupResource, name: string, why: string): StatusError {
    return failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(r.group, r.resource)} "${name}": ${why}`, gr(r, name));
  },
  /** 422 Invalid, from field errors: `Pod "x" is invalid: spec.containers[0].image: Required value`. */
  invalid(kind: { group: string; kind: string }, name: string, errs: FieldError[]): StatusError {
    const text = aggregateString(errs);
    const details: StatusDetails = {
      name,
      kind: kind.kind,
      causes: errs.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field })),
    };
    if (kind.group) details.group = kind.group;
    return failure(422, 'Invalid', `${qualified(kind.group, kind.kind)} "${name}" is invalid: ${text}`, details);
  },
  /** A Status with only a code and message: what upstream sends for plain (non-API) errors. */
  plain(code: number, message: string): StatusError {
    return failure(code, '', message);
  },
  /** apiserver's generic 422 for a patch that cannot be applied (NewGenericServerResponse). */
  patchRejected(): StatusError {
    return failure(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
  },
  badRequest(message: string): StatusError {
    return failure(400, 'BadRequest', message);
  },
  /** NewForbidden: `pods "x" is forbidden: why`; with no resource (a non-resource path) `forbidden: why`. */
  forbidden(r: GroupResource, name: string, why: string): StatusError {
    if (!r.resource) return failure(403, 'Forbidden', `forbidden: ${why}`, {});
    const subject = name ? `${qualified(r.group, r.resource)} "${name}"` : qualified(r.group, r.resource);
    return failure(403, 'Forbidden', `${subject} is forbidden: ${why}`, gr(r, name));
  },
  /** What kube-apiserver answers a request whose credentials are missing or do not check out. */
  unauthorized(): StatusError {
    return failure(401, 'Unauthorized', 'Unauthorized', undefined);
  },
  /** 429, with the Retry-After the client should honour. */
  tooManyRequests(message: string, retryAfterSeconds: number): StatusError {
    return failure(429, 'TooManyRequests', message, { retryAfterSeconds });
  },
  methodNotAllowed(): StatusError {
    return failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  },
  notFoundPath(): StatusError {
    return failure(404, 'NotFound', 'the server could not find the requested resource');
  },
  gone(message: string): StatusError {
    return failure(410, 'Expired', message);
  },
  tooLarge(limit: number): StatusError {
    return failure(413, 'RequestEntityTooLarge', `Request entity too large: limit is ${limit}`);
  },
  unsupportedMediaType(contentType: string, accepted: string[]): StatusError {
    return failure(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
    );
  },
  notAcceptable(accepted: string[]): StatusError {
    return failure(406, 'NotAcceptable', `only the following media types are accepted: ${accepted.join(', ')}`);
  },
  timeout(message: string, retryAfterSeconds = 1): StatusError {
    return failure(504, 'Timeout', message, { retryAfterSeconds });
  },
  internal(message: string): StatusError {
    return failure(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] });
  },
  serviceUnavailable(message: string): StatusError {
    return failure(503, 'ServiceUnavailable', message);
  },
};

/** Turn anything thrown into a StatusError; unknown errors become 500 without leaking a stack. */
export function toStatusError(err: unknown): StatusError {
  if (err instanceof StatusError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return Errors.internal(message);
}

export function successStatus(details?: StatusDetails): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 };
  if (details) s.details = details;
  return s;
}
