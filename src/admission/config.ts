// The AdmissionConfiguration file (kube-apiserver's --admission-control-config-file): each plugin's
// configuration, given inline or by a path relative to the file. Read once at start-up.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isObject } from '../api/object.js';
import { yaml } from '../machinery/yaml.js';

const API_VERSIONS = ['apiserver.config.k8s.io/v1', 'apiserver.config.k8s.io/v1alpha1', 'apiserver.k8s.io/v1alpha1'];

function readDocument(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`failed to read admission control configuration file ${JSON.stringify(path)}: ${(err as Error).message}`);
  }
  try {
    return yaml().parse(text);
  } catch (err) {
    throw new Error(`failed to parse admission control configuration file ${JSON.stringify(path)}: ${(err as Error).message}`);
  }
}

/** Plugin name → its configuration object. */
export function loadAdmissionConfiguration(path: string): Record<string, unknown> {
  const doc = readDocument(path);
  const where = `admission control configuration file ${JSON.stringify(path)}`;
  if (!isObject(doc)) throw new Error(`${where}: expected an AdmissionConfiguration object`);
  if (doc['kind'] !== 'AdmissionConfiguration' || !API_VERSIONS.includes(String(doc['apiVersion'])))
    throw new Error(`${where}: expected kind AdmissionConfiguration with apiVersion ${API_VERSIONS.join(' or ')}, got ${String(doc['apiVersion'] ?? '')} ${String(doc['kind'] ?? '')}`);
  const plugins = doc['plugins'] ?? [];
  if (!Array.isArray(plugins)) throw new Error(`${where}: plugins: must be a list`);
  const out: Record<string, unknown> = {};
  plugins.forEach((p, i) => {
    if (!isObject(p) || typeof p['name'] !== 'string' || !p['name']) throw new Error(`${where}: plugins[${i}].name: Required value`);
    const name = p['name'];
    if (p['configuration'] !== undefined) out[name] = p['configuration'];
    else if (typeof p['path'] === 'string' && p['path']) out[name] = readDocument(resolve(dirname(path), p['path']));
    else throw new Error(`${where}: plugins[${i}]: either configuration or path is required for plugin ${JSON.stringify(name)}`);
  });
  return out;
}
