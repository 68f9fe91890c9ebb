// `kubette <command>`: the single entry point. Each command lives in its own module, loaded on demand
// so that `kubette up` pays only for what it runs.
const usage = `Kubette: a Kubernetes v1.25-compatible cluster in one process.

Usage:
  kubette up [--data-dir DIR] [--port N] [--bind-address ADDR]   start an all-in-one cluster
  kubette controller-manager --kubeconfig FILE                   run the controllers against a server
  kubette podsecurity check [-n NS | -A | -f FILE] [--level L]   report what a Pod Security level would reject
  kubette cronjob next <schedule> [--time-zone Z] [-n N]         print when a CronJob schedule runs next
  kubette kubectl <command> [flags]                              a kubectl-compatible client (also: kubette-kubectl)
  kubette version                                                print the version

Run 'kubette up --help' for the flags of a command.
`;

const [command, ...args] = process.argv.slice(2);
switch (command) {
  case 'up': {
    const { up } = await import('./up.js');
    await up(args).catch((err: Error) => {
      process.stderr.write(`error: ${err.message}\n`);
      process.exit(1);
    });
    break;
  }
  case 'controller-manager': {
    const { controllerManager } = await import('./controller-manager.js');
    await controllerManager(args).catch((err: Error) => {
      process.stderr.write(`error: ${err.message}\n`);
      process.exit(1);
    });
    break;
  }
  case 'podsecurity': {
    const { podsecurity } = await import('./podsecurity.js');
    process.exitCode = await podsecurity(args).catch((err: Error) => {
      process.stderr.write(`error: ${err.message}\n`);
      return 1;
    });
    break;
  }
  case 'cronjob': {
    const { cronjob } = await import('./cronjob.js');
    process.exitCode = await cronjob(args).catch((err: Error) => {
      process.stderr.write(`error: ${err.message}\n`);
      return 1;
    });
    break;
  }
  case 'kubectl': {
    const { kubectl } = await import('./kubectl.js');
    process.exitCode = await kubectl(args);
    break;
  }
  case 'version':
  case '--version': {
    const { KUBE_VERSION } = await import('../apiserver/server.js');
    process.stdout.write(`Kubette ${KUBE_VERSION.gitVersion}\n`);
    break;
  }
  case undefined:
  case 'help':
  case '--help':
  case '-h':
    process.stdout.write(usage);
    break;
  default:
    process.stderr.write(`error: unknown command "${command}" for "kubette"\n\n${usage}`);
    process.exit(1);
}
