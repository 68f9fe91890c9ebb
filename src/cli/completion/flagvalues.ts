// Value completion for flags that carry no `complete` of their own, chosen by the flag's name the
// way kubectl registers them for every command: -n (namespaces), --context/--cluster/--user (the
// kubeconfig), -f (cobra's filename annotation: files ending in .json, .yaml or .yml) and -o (the
// formats its usage lists; kubectl 1.25 completes them for `get` only, we do it wherever -o exists).
import type { Completions } from '../command.js';
import type { Factory } from '../factory.js';
import type { FlagDef } from '../flags.js';
import { kubeconfigNames, NO_FILE_COMP, resourceNames } from './args.js';

export const FILTER_FILE_EXT = 8;

export async function defaultFlagValues(def: FlagDef, f: Factory, toComplete: string): Promise<Completions | undefined> {
  switch (def.name) {
    case 'namespace':
      return { values: await resourceNames(f, 'namespace', toComplete), directive: NO_FILE_COMP };
    case 'context':
      return { values: kubeconfigNames(f, 'contexts', toComplete), directive: NO_FILE_COMP };
    case 'cluster':
      return { values: kubeconfigNames(f, 'clusters', toComplete), directive: NO_FILE_COMP };
    case 'user':
      return { values: kubeconfigNames(f, 'users', toComplete), directive: NO_FILE_COMP };
    case 'filename':
      // Not prefix-filtered: the shell filters files by these extensions.
      return { values: ['json', 'yaml', 'yml'], directive: FILTER_FILE_EXT };
    case 'output': {
      const m = /One of: \(([^)]*)\)/.exec(def.usage);
      if (!m) return undefined;
      return { values: m[1]!.split(', ').filter((v) => v.startsWith(toComplete)), directive: NO_FILE_COMP };
    }
  }
  return undefined;
}
