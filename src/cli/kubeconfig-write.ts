// Writing kubeconfig files as kubectl does (sorted keys through its YAML encoder, atomic replace,
// the file that defined an entry gets the change). Apart from reading so that commands that only read
// never load the YAML encoder.
import { chmodSync, existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { emptyConfig, type KubeConfig, type Loaded, type Obj, readConfigFile, toV1 } from './kubeconfig.js';
import { toYaml } from './printers/yaml.js';

/** The file bytes kubectl writes for a config (clientcmd.Write → YAML with sorted keys). */
export function serialize(cfg: KubeConfig): string {
  return toYaml(toV1(cfg));
}

/** WriteToFile, but atomic: temp file + rename; keeps an existing file's mode, new files get 0600. */
export function writeConfigFile(file: string, cfg: KubeConfig): void {
  const dir = dirname(file);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o755 });
  let mode = 0o600;
  try { mode = statSync(file).mode & 0o7777; } catch { /* new file */ }
  const tmp = join(dir, `.${file.slice(dir.length + 1)}.tmp-${process.pid}`);
  writeFileSync(tmp, serialize(cfg), { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, file);
}

/** ConfigAccess.GetDefaultFilename: the explicit file, else the first existing file of the list, else the first. */
export function defaultFilename(loaded: Loaded): string {
  if (loaded.explicit) return loaded.explicit;
  for (const f of loaded.precedence) if (f && existsSync(f)) return f;
  return loaded.precedence[0] ?? '';
}

const fileConfig = (file: string): KubeConfig => readConfigFile(file) ?? emptyConfig();

/** writeCurrentContext: the explicit file; else the first file that sets current-context; else the default file. */
export function writeCurrentContext(loaded: Loaded, name: string): void {
  if (loaded.config.currentContext === name) return;
  let file = loaded.explicit;
  if (!file && name) {
    for (const f of loaded.precedence) {
      if (!f) continue;
      const c = readConfigFile(f);
      if (c?.currentContext) { file = f; break; }
    }
  }
  file ??= defaultFilename(loaded);
  const c = fileConfig(file);
  c.currentContext = name;
  writeConfigFile(file, c);
  loaded.config.currentContext = name;
}

function sameValue(a: Obj | undefined, b: Obj | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** ModifyConfig for one stanza: written to the file it came from, or the default file when new; undefined deletes. */
export function writeEntry(loaded: Loaded, kind: 'clusters' | 'users' | 'contexts', name: string, value: Obj | undefined): void {
  const existing = loaded.config[kind].get(name);
  if (value === undefined) {
    if (!existing) return;
    const c = fileConfig(existing.origin);
    c[kind].delete(name);
    writeConfigFile(existing.origin, c);
    loaded.config[kind].delete(name);
    return;
  }
  if (existing && sameValue(existing.value, value)) return; // unchanged: kubectl does not rewrite
  const file = existing?.origin || defaultFilename(loaded);
  const c = fileConfig(file);
  c[kind].set(name, { value, origin: file });
  writeConfigFile(file, c);
  loaded.config[kind].set(name, { value, origin: file });
}
