// What controllers need to know about namespaces when they write into them.
import { StatusError } from '../../machinery/errors.js';

/**
 * A create refused because the namespace is being terminated (NamespaceLifecycle's 403, with the
 * NamespaceTerminating cause upstream sends): creates there will keep failing, so controllers drop
 * the work instead of retrying.
 */
export function isNamespaceTerminating(err: unknown): boolean {
  if (!(err instanceof StatusError) || err.code !== 403) return false;
  return !!err.status.details?.causes?.some((c) => c.reason === 'NamespaceTerminating') || /because it is being terminated/.test(err.message);
}
