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
`;

export async function controllerManager(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      kubeconfig: { type: 'string' },
      controllers: { type: 'string' },
      'log-level': { type: 'string', default: 'INFO' },
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
  const { server } = readKubeconfig(path);
  const log = createLogger(undefined, (values['log-level'] ?? 'INFO').toUpperCase() as Level);
  const running = await startControllers({ server, log, controllers: values.controllers === undefined ? undefined : selectControllers(values.controllers) });
  log.info('controller manager is running', { server, controllers: running.names.join(',') });
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
