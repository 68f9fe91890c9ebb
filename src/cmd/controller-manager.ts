// `kubette controller-manager`: the controllers on their own, against any Kubette (or Kubernetes)
// API server named by a kubeconfig — the same ones `kubette up` runs in-process.
import { parseArgs } from 'node:util';
import { readKubeconfig } from '../client/kubeconfig.js';
import { CONTROLLERS, selectControllers, startControllers } from '../controllers/manager.js';
import { createLogger, type Level } from '../machinery/log.js';

const help = `Run the Kubette controllers against an API server.

Usage:
  kubette controller-manager --kubeconfig FILE [flags]

Flags:
      --kubeconfig string    kubeconfig naming the server (its current context)
      --controllers string   controllers to run: "*" for all, "name" to add one, "-name" to leave one out (default "*"; known: ${Object.keys(CONTROLLERS).join(', ')})
      --log-level string     DEBUG, INFO, WARN or ERROR (default "INFO")
      --leader-elect         run the controllers only while holding the leader Lease, so that several
                             managers can run with one active (default true)
      --leader-elect-lease-duration duration   (default 15s)
      --leader-elect-renew-deadline duration   (default 10s)
      --leader-elect-retry-period duration     (default 2s)
      --leader-elect-resource-name string      (default "kube-controller-manager")
      --leader-elect-resource-namespace string (default "kube-system")
      --use-service-account-credentials   run each controller as its own service account in kube-system
                             (system:controller:<name> roles), with a token from the TokenRequest API;
                             false runs them all with the kubeconfig's credentials (default true)
`;

/** A Go duration such as "15s", "1m30s" or "500ms", in milliseconds. */
export function parseDuration(flag: string, v: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(v))) {
    total += Number(m[1]) * units[m[2]!]!;
    end = re.lastIndex;
  }
  if (!v || end !== v.length) throw new Error(`invalid value ${JSON.stringify(v)} for flag --${flag}: want a duration such as 15s or 500ms`);
  return total;
}

function parseBool(flag: string, v: string): boolean {
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new Error(`invalid value ${JSON.stringify(v)} for flag --${flag}: want true or false`);
}

export async function controllerManager(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    // A bare boolean flag means true; --leader-elect=false turns it off, as with Go's flag package.
    args: argv.map((a) => (a === '--leader-elect' || a === '--use-service-account-credentials' ? `${a}=true` : a)),
    options: {
      kubeconfig: { type: 'string' },
      controllers: { type: 'string' },
      'log-level': { type: 'string', default: 'INFO' },
      'leader-elect': { type: 'string', default: 'true' },
      'leader-elect-lease-duration': { type: 'string', default: '15s' },
      'leader-elect-renew-deadline': { type: 'string', default: '10s' },
      'leader-elect-retry-period': { type: 'string', default: '2s' },
      'leader-elect-resource-name': { type: 'string', default: 'kube-controller-manager' },
      'leader-elect-resource-namespace': { type: 'string', default: 'kube-system' },
      'use-service-account-credentials': { type: 'string', default: 'true' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(help);
    return;
  }
  const path = values.kubeconfig ?? process.env['KUBECONFIG'];
  if (!path) throw new Error('--kubeconfig is required (or set KUBECONFIG)');
  const connection = readKubeconfig(path);
  const log = createLogger(undefined, (values['log-level'] ?? 'INFO').toUpperCase() as Level);
  const running = await startControllers({
    connection,
    log,
    controllers: values.controllers === undefined ? undefined : selectControllers(values.controllers),
    leaderElect: parseBool('leader-elect', values['leader-elect']!),
    useServiceAccountCredentials: parseBool('use-service-account-credentials', values['use-service-account-credentials']!),
    leaderElection: {
      leaseDurationMs: parseDuration('leader-elect-lease-duration', values['leader-elect-lease-duration']!),
      renewDeadlineMs: parseDuration('leader-elect-renew-deadline', values['leader-elect-renew-deadline']!),
      retryPeriodMs: parseDuration('leader-elect-retry-period', values['leader-elect-retry-period']!),
      resourceName: values['leader-elect-resource-name'],
      resourceNamespace: values['leader-elect-resource-namespace'],
    },
  });
  log.info('controller manager is running', { server: connection.server, controllers: running.names.join(','), identity: running.identity });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    await running.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
