// The yaml library, loaded on first use: importing it costs ~30 ms, and start-up needs none of it
// (YAML bodies and replies are rare; kubectl speaks JSON). The package ships CommonJS, so a
// synchronous require keeps every call site as simple as a static import.
import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');
const require = createRequire(import.meta.url);
let mod: Yaml | undefined;

export function yaml(): Yaml {
  return (mod ??= require('yaml') as Yaml);
}
