// PodSecurityConfiguration: the cluster-wide defaults and exemptions of the PodSecurity plugin,
// read from its section of the AdmissionConfiguration file (pod-security.admission.config.k8s.io
// v1, v1beta1 or v1alpha1, all three served by v1.25) and validated as upstream does.
import { isObject } from '../../api/object.js';
import { aggregateString, duplicate, invalid, required, type FieldError } from '../../machinery/fielderrors.js';
import { isDNS1123Label, isDNS1123Subdomain } from '../../validation/names.js';
import { DEFAULT_POLICY, MODES, parseLevel, parseVersion, type Policy } from './api.js';

export const CONFIG_GROUP = 'pod-security.admission.config.k8s.io';
const VERSIONS = ['v1', 'v1beta1', 'v1alpha1'];

export interface Exemptions {
  usernames: string[];
  runtimeClasses: string[];
  namespaces: string[];
}

export interface PodSecurityConfiguration {
  defaults: Policy;
  exemptions: Exemptions;
}

export const defaultConfiguration = (): PodSecurityConfiguration => ({
  // One object per mode: they are set independently below.
  defaults: { enforce: { ...DEFAULT_POLICY.enforce }, audit: { ...DEFAULT_POLICY.audit }, warn: { ...DEFAULT_POLICY.warn } },
  exemptions: { usernames: [], runtimeClasses: [], namespaces: [] },
});

/** Parse and validate; throws an Error listing every bad field. Undefined means the defaults. */
export function parsePodSecurityConfiguration(raw: unknown): PodSecurityConfiguration {
  const config = defaultConfiguration();
  if (raw === undefined || raw === null) return config;
  if (!isObject(raw)) throw new Error('PodSecurityConfiguration must be an object');
  const apiVersion = String(raw['apiVersion'] ?? '');
  if (!VERSIONS.some((v) => apiVersion === `${CONFIG_GROUP}/${v}`))
    throw new Error(`unsupported PodSecurityConfiguration apiVersion ${JSON.stringify(apiVersion)}: use ${VERSIONS.map((v) => `${CONFIG_GROUP}/${v}`).join(', ')}`);
  if (raw['kind'] !== 'PodSecurityConfiguration') throw new Error(`expected kind PodSecurityConfiguration, got ${JSON.stringify(raw['kind'] ?? '')}`);

  const errs: FieldError[] = [];
  const defaults = isObject(raw['defaults']) ? raw['defaults'] : {};
  for (const mode of MODES) {
    const level = defaults[mode];
    if (level !== undefined && level !== '') {
      const r = parseLevel(String(level));
      if (r.error) errs.push(invalid(`defaults.${mode}`, level, r.error));
      else config.defaults[mode].level = r.level;
    }
    const version = defaults[`${mode}-version`];
    if (version !== undefined && version !== '') {
      const r = parseVersion(String(version));
      if (r.error) errs.push(invalid(`defaults.${mode}-version`, version, r.error));
      else config.defaults[mode].version = r.version;
    }
  }
  const ex = isObject(raw['exemptions']) ? raw['exemptions'] : {};
  config.exemptions = {
    namespaces: names(ex['namespaces'], 'exemptions.namespaces', isDNS1123Label, errs),
    runtimeClasses: names(ex['runtimeClasses'], 'exemptions.runtimeClasses', isDNS1123Subdomain, errs),
    usernames: names(ex['usernames'], 'exemptions.usernames', undefined, errs),
  };
  if (errs.length) throw new Error(aggregateString(errs));
  return config;
}

function names(v: unknown, path: string, validate: ((s: string) => string[]) | undefined, errs: FieldError[]): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    errs.push(invalid(path, v, 'must be a list of strings'));
    return [];
  }
  const seen = new Set<string>();
  v.forEach((item, i) => {
    if (typeof item !== 'string') return void errs.push(invalid(`${path}[${i}]`, item, 'must be a string'));
    const s = item;
    if (s === '' && !validate) return void errs.push(required(`${path}[${i}]`));
    const problems = validate?.(s) ?? [];
    if (problems.length) return void errs.push(invalid(`${path}[${i}]`, s, problems.join(', ')));
    if (seen.has(s)) return void errs.push(duplicate(`${path}[${i}]`, s));
    seen.add(s);
  });
  return [...seen];
}
