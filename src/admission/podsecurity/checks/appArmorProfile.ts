// Baseline: AppArmor profiles (the container.apparmor.security.beta.kubernetes.io/<name> annotations
// of 1.25) may only be runtime/default or localhost/<profile>.
import { ALLOWED, forbid, pluralize, type Check, type CheckPodFn, type Fix } from './check.js';
import { goQuote } from '../../../machinery/format.js';

const PREFIX = 'container.apparmor.security.beta.kubernetes.io/';
const allowed = (p: string) => p === '' || p === 'runtime/default' || p.startsWith('localhost/');

const v1_0: CheckPodFn = (meta) => {
  const bad: string[] = [];
  const fixes: Fix[] = [];
  for (const [k, v] of Object.entries(meta.annotations ?? {})) {
    if (!k.startsWith(PREFIX) || allowed(String(v))) continue;
    bad.push(`${k}=${goQuote(String(v))}`);
    fixes.push({ field: `metadata.annotations[${k}]`, action: 'set to "runtime/default" or "localhost/<profile>", or remove' });
  }
  if (!bad.length) return ALLOWED;
  bad.sort();
  return forbid(pluralize('forbidden AppArmor profile', 'forbidden AppArmor profiles', bad.length), bad.join(', '), fixes);
};

export const appArmorProfile: Check = { id: 'appArmorProfile', level: 'baseline', versions: [{ minVersion: 0, check: v1_0 }] };
