// Runs the components (src/cmd/components.ts) in a worker thread and stops them on request.
import { Worker } from 'node:worker_threads';
import type { ComponentsConfig, FromComponents, RunningComponents } from './components.js';

export async function startComponentsThread(cfg: ComponentsConfig): Promise<RunningComponents> {
  const worker = new Worker(new URL('./components.js', import.meta.url), { workerData: { kubetteComponents: cfg } });
  const next = () =>
    new Promise<FromComponents>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`the components thread exited with code ${code}`));
      worker.once('exit', onExit);
      worker.once('error', reject);
      worker.once('message', (m: FromComponents) => {
        worker.off('exit', onExit);
        worker.off('error', reject);
        resolve(m);
      });
    });
  const first = await next();
  if (first.type === 'failed') {
    await worker.terminate();
    throw new Error(`starting the controllers failed: ${first.error}`);
  }
  return {
    async stop() {
      const done = next().catch(() => undefined);
      worker.postMessage({ type: 'stop' });
      await Promise.race([done, new Promise((r) => setTimeout(r, 5000).unref())]);
      await worker.terminate();
    },
  };
}
