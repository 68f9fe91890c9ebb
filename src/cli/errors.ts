// kubectl's cmdutil.CheckErr: how a failure is worded for the user.
import { StatusError } from '../machinery/errors.js';
import type { Factory } from './factory.js';
import { KubeconfigError } from './kubeconfig.js';

export function errorText(err: unknown, f?: Factory): string {
  if (err instanceof StatusError) {
    const s = err.status;
    if (s.code === 422 && s.details && (s.details.kind || s.details.name)) {
      const head = `The ${s.details.kind ?? ''} "${s.details.name ?? ''}" is invalid`;
      const causes = (s.details.causes ?? []).map((c) => (c.field ? `${c.field}: ${c.message ?? ''}` : c.message ?? ''));
      if (causes.length === 0) return head;
      if (causes.length === 1) return `${head}: ${causes[0]}`;
      return `${head}: \n${causes.map((c) => `* ${c}`).join('\n')}`;
    }
    if (s.reason === 'Unauthorized') return `error: You must be logged in to the server (${err.message})`;
    return s.reason ? `Error from server (${s.reason}): ${err.message}` : `Error from server: ${err.message}`;
  }
  if (err instanceof KubeconfigError) return err.printed.replace(/\n$/, '');
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ECONNREFUSED') {
    let host = '';
    try {
      host = new URL(f?.config().server ?? '').host;
    } catch {
      /* no config */
    }
    return `The connection to the server ${host} was refused - did you specify the right host or port?`;
  }
  return `error: ${e?.message ?? String(err)}`;
}
