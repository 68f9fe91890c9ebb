// describe's DescribePodTemplate through a PrefixWriter (two spaces a level, raw tabs, no tab
// writer), as `kubectl rollout history --revision=N` and `rollout undo --dry-run` print templates.
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const lvl = (n: number) => '  '.repeat(n);
const MAX_ANNOTATION_LEN = 140;

export function describePodTemplate(t: Obj | undefined): string {
  let out = 'Pod Template:\n';
  if (!t) return out + `${lvl(1)}<unset>`;
  out += labelsMultiline('  Labels', t['metadata']?.labels);
  const ann = t['metadata']?.annotations as Record<string, string> | undefined;
  if (ann && Object.keys(ann).length > 0) out += annotationsMultiline('  Annotations', ann);
  const spec = (t['spec'] ?? {}) as Obj;
  if (spec['serviceAccountName']) out += `${lvl(1)}Service Account:\t${spec['serviceAccountName']}\n`;
  if ((spec['initContainers'] ?? []).length > 0) out += containers('Init Containers', spec['initContainers'], '  ');
  out += containers('Containers', spec['containers'] ?? [], '  ');
  out += volumes(spec['volumes'] ?? [], '  ');
  if (spec['priorityClassName']) out += `${lvl(1)}Priority Class Name:\t${spec['priorityClassName']}\n`;
  return out;
}

function labelsMultiline(title: string, labels: Record<string, string> | undefined): string {
  let s = `${title}:\t`;
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return s + '<none>\n';
  keys.forEach((k, i) => {
    if (i !== 0) s += '\t';
    s += `${k}=${labels![k]}\n`;
  });
  return s;
}

function annotationsMultiline(title: string, annotations: Record<string, string>): string {
  let s = `${title}:\t`;
  const keys = Object.keys(annotations).sort();
  keys.forEach((k, i) => {
    if (i !== 0) s += '\t';
    const value = annotations[k]!.replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      s += `${k}:\n`;
      for (const line of value.split('\n')) s += `\t  ${line.length > MAX_ANNOTATION_LEN - 2 ? line.slice(0, MAX_ANNOTATION_LEN - 2) + '...' : line}\n`;
    } else s += `${k}: ${value}\n`;
  });
  return s;
}

function containers(label: string, list: Obj[], space: string): string {
  let s = `${space}${label}:${list.length === 0 ? ' <none>' : ''}\n`;
  for (const c of list) {
    s += `${lvl(1)}${space ? ' ' : ''}${c['name']}:\n`;
    s += `${lvl(2)}Image:\t${c['image'] ?? ''}\n`;
    const ports = (c['ports'] ?? []) as Obj[];
    const p = ports.map((x) => `${x['containerPort'] ?? 0}/${x['protocol'] ?? ''}`).join(', ');
    s += p.includes(',') ? `${lvl(2)}Ports:\t${p}\n` : `${lvl(2)}Port:\t${p || '<none>'}\n`;
    const hp = ports.map((x) => `${x['hostPort'] ?? 0}/${x['protocol'] ?? ''}`).join(', ');
    s += hp.includes(',') ? `${lvl(2)}Host Ports:\t${hp}\n` : `${lvl(2)}Host Port:\t${hp || '<none>'}\n`;
    for (const [field, title] of [['command', 'Command'], ['args', 'Args']] as const) {
      const words = (c[field] ?? []) as string[];
      if (words.length === 0) continue;
      s += `${lvl(2)}${title}:\n`;
      for (const w of words) for (const line of w.split('\n')) s += `${lvl(3)}${line}\n`;
    }
    for (const [field, title] of [['limits', 'Limits'], ['requests', 'Requests']] as const) {
      const r = (c['resources']?.[field] ?? {}) as Record<string, string>;
      const names = Object.keys(r).sort();
      if (names.length === 0) continue;
      s += `${lvl(2)}${title}:\n`;
      for (const n of names) s += `${lvl(3)}${n}:\t${r[n]}\n`;
    }
    const env = (c['env'] ?? []) as Obj[];
    s += `${lvl(2)}Environment:${env.length === 0 ? '\t<none>' : ''}\n`;
    for (const e of env) {
      if (!e['valueFrom']) {
        String(e['value'] ?? '').split('\n').forEach((line, i) => (s += i === 0 ? `${lvl(3)}${e['name']}:\t${line}\n` : `${lvl(3)}\t${line}\n`));
        continue;
      }
      const vf = e['valueFrom'] as Obj;
      if (vf['fieldRef']) s += `${lvl(3)}${e['name']}:\t (${vf['fieldRef'].apiVersion}:${vf['fieldRef'].fieldPath})\n`;
      else if (vf['configMapKeyRef']) s += `${lvl(3)}${e['name']}:\t<set to the key '${vf['configMapKeyRef'].key}' of config map '${vf['configMapKeyRef'].name}'>\tOptional: ${vf['configMapKeyRef'].optional ?? false}\n`;
      else if (vf['secretKeyRef']) s += `${lvl(3)}${e['name']}:\t<set to the key '${vf['secretKeyRef'].key}' in secret '${vf['secretKeyRef'].name}'>\tOptional: ${vf['secretKeyRef'].optional ?? false}\n`;
    }
    const mounts = [...((c['volumeMounts'] ?? []) as Obj[])].sort((a, b) => (a['mountPath'] < b['mountPath'] ? -1 : a['mountPath'] > b['mountPath'] ? 1 : 0));
    s += `${lvl(2)}Mounts:${mounts.length === 0 ? '\t<none>' : ''}\n`;
    for (const m of mounts) {
      const flags = [m['readOnly'] ? 'ro' : 'rw'];
      if (m['subPath']) flags.push(`path=${JSON.stringify(m['subPath'])}`);
      s += `${lvl(3)}${m['mountPath']} from ${m['name']} (${flags.join(',')})\n`;
    }
  }
  return s;
}

function volumes(list: Obj[], space: string): string {
  if (list.length === 0) return `${space}Volumes:\t<none>\n`;
  let s = `${space}Volumes:\n`;
  for (const v of list) {
    s += `${lvl(1)}${space ? ' ' : ''}${v['name']}:\n`;
    if (v['emptyDir']) {
      const ed = v['emptyDir'] as Obj;
      s += `${lvl(2)}Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n${lvl(2)}Medium:\t${ed['medium'] ?? ''}\n${lvl(2)}SizeLimit:\t${ed['sizeLimit'] ?? '<unset>'}\n`;
    } else if (v['configMap']) {
      s += `${lvl(2)}Type:\tConfigMap (a volume populated by a ConfigMap)\n${lvl(2)}Name:\t${v['configMap'].name ?? ''}\n${lvl(2)}Optional:\t${v['configMap'].optional ?? false}\n`;
    } else if (v['secret']) {
      s += `${lvl(2)}Type:\tSecret (a volume populated by a Secret)\n${lvl(2)}SecretName:\t${v['secret'].secretName ?? ''}\n${lvl(2)}Optional:\t${v['secret'].optional ?? false}\n`;
    } else if (v['hostPath']) {
      s += `${lvl(2)}Type:\tHostPath (bare host directory volume)\n${lvl(2)}Path:\t${v['hostPath'].path ?? ''}\n${lvl(2)}HostPathType:\t${v['hostPath'].type ?? ''}\n`;
    } else s += `${lvl(2)}<unknown>\n`;
  }
  return s;
}
