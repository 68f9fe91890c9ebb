// Which requests are long-running (kube-apiserver's LongRunningFunc, BasicLongRunningRequestCheck
// with verbs watch/proxy and subresources attach/exec/proxy/log/portforward). They get no request
// deadline and hold no max-in-flight seat; APF admits a watch but frees its seat once it started.
import type { RequestInfo } from '../requestinfo.js';

const LONG_RUNNING_VERBS = new Set(['watch', 'proxy']);
const LONG_RUNNING_SUBRESOURCES = new Set(['attach', 'exec', 'proxy', 'log', 'portforward']);

export function isLongRunning(info: RequestInfo): boolean {
  if (LONG_RUNNING_VERBS.has(info.verb)) return true;
  if (info.isResourceRequest) return LONG_RUNNING_SUBRESOURCES.has(info.subresource);
  return info.path.startsWith('/debug/pprof/');
}

/** get, list and watch are read-only; every other verb counts against the mutating limit. */
export function isMutating(info: RequestInfo): boolean {
  return !(info.verb === 'get' || info.verb === 'list' || info.verb === 'watch');
}
