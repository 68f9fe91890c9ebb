// ConfigMap and Secret data from --from-literal, --from-file (files or directories) and
// --from-env-file, with kubectl's parsing rules and error messages.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CliError } from '../factory.js';

export interface DataOptions {
  literals: string[];
  files: string[];
  envFiles: string[];
  /** "ConfigMap" or "Secret": wording of key errors. */
  kind: 'ConfigMap' | 'Secret';
  env: Record<string, string | undefined>;
}

export interface Data {
  /** Text values (configmap data; secrets' values are all here as bytes). */
  entries: { key: string; value: Buffer }[];
}

const KEY_RE = /^[-._a-zA-Z0-9]+$/;
const ENV_RE = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

function checkKey(key: string, kind: string): void {
  if (!KEY_RE.test(key) || key.length > 253 || key === '.' || key === '..' || key.startsWith('..')) {
    const why = !KEY_RE.test(key)
      ? "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"
      : key.length > 253
        ? 'must be no more than 253 characters'
        : key.startsWith('..') && key !== '..'
          ? "must not start with '..'"
          : `must not be '${key}'`;
    throw new CliError(`${JSON.stringify(key)} is not a valid key name for a ${kind}: ${why}`);
  }
}

export function collectData(o: DataOptions): Data {
  if (o.envFiles.length > 0 && (o.files.length > 0 || o.literals.length > 0)) throw new CliError('from-env-file cannot be combined with from-file or from-literal');
  const entries: { key: string; value: Buffer }[] = [];
  const add = (key: string, value: Buffer) => {
    checkKey(key, o.kind);
    if (entries.some((e) => e.key === key)) {
      throw new CliError(o.kind === 'ConfigMap' ? `cannot add key "${key}", another key by that name already exists in Data for ConfigMap "${currentName}"` : `cannot add key ${key}, another key by that name already exists`);
    }
    entries.push({ key, value });
  };
  for (const file of o.files) {
    const [key, path] = parseFileSource(file);
    let st;
    try {
      st = statSync(path);
    } catch {
      throw new CliError(`error reading ${path}: no such file or directory`);
    }
    if (st.isDirectory()) {
      if (key !== undefined) throw new CliError('cannot give a key name for a directory path');
      for (const e of readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (e.isFile()) add(e.name, readFileSync(join(path, e.name)));
      }
    } else add(key ?? basename(path), readFileSync(path));
  }
  for (const lit of o.literals) {
    const eq = lit.indexOf('=');
    if (eq < 0) throw new CliError(`invalid literal source ${lit}, expected key=value`);
    add(lit.slice(0, eq), Buffer.from(lit.slice(eq + 1)));
  }
  for (const file of o.envFiles) for (const [k, v] of parseEnvFile(file, o.env)) add(k, Buffer.from(v));
  return { entries };
}

/** The object's name, for the duplicate-key message of ConfigMaps. */
let currentName = '';
export const setDataName = (name: string) => void (currentName = name);

/** `[key=]path`. */
function parseFileSource(source: string): [string | undefined, string] {
  const n = source.split('=').length - 1;
  if (n === 0) return [undefined, source];
  if (n === 1 && source.startsWith('=')) throw new CliError(`key name for file path ${source.slice(1)} missing`);
  if (n === 1 && source.endsWith('=')) throw new CliError(`file path for key name ${source.slice(0, -1)} missing`);
  if (n > 1) throw new CliError("key names or file paths cannot contain '='");
  const [k, p] = source.split('=');
  return [k!, p!];
}

/** Docker-style env files: KEY=VALUE lines, # comments, a bare KEY taking the environment's value. */
function parseEnvFile(path: string, env: Record<string, string | undefined>): [string, string][] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`error reading ${path}: no such file or directory`);
  }
  const out: [string, string][] = [];
  text.split('\n').forEach((raw, i) => {
    let line = raw.replace(/\r$/, '');
    if (i === 0) line = line.replace(/^\uFEFF/, '');
    line = line.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq >= 0 ? line.slice(0, eq) : line;
    if (!ENV_RE.test(key)) {
      throw new CliError(`${JSON.stringify(key)} is not a valid key name: a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`);
    }
    out.push([key, eq >= 0 ? line.slice(eq + 1) : (env[key] ?? '')]);
  });
  return out;
}

const isUtf8 = (b: Buffer) => Buffer.from(b.toString('utf8'), 'utf8').equals(b);

export function configMapData(d: Data): { data?: Record<string, string>; binaryData?: Record<string, string> } {
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  // Go marshals maps with sorted keys.
  for (const e of [...d.entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    if (isUtf8(e.value)) data[e.key] = e.value.toString('utf8');
    else binaryData[e.key] = e.value.toString('base64');
  }
  const out: { data?: Record<string, string>; binaryData?: Record<string, string> } = {};
  if (Object.keys(data).length > 0) out.data = data;
  if (Object.keys(binaryData).length > 0) out.binaryData = binaryData;
  return out;
}

export function secretData(d: Data): Record<string, string> | undefined {
  if (d.entries.length === 0) return undefined;
  const data: Record<string, string> = {};
  for (const e of [...d.entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) data[e.key] = e.value.toString('base64');
  return data;
}
