// The one YAML emitter the kubeconfig code uses: kubectl encodes through JSON → map → go-yaml v2,
// so keys come out sorted and scalars are quoted the go-yaml way. A stopgap until
// src/cli/printers/yaml.ts (toYaml, byte-identical with kubectl) lands: swap the body of goYaml.

// Plain scalars go-yaml v2 (YAML 1.1 resolver) would read back as non-strings: these get "double quotes".
const nonString =
  /^(?:~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?0b[01_]+|[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|<<|=)$/;

function scalar(s: string): string {
  if (s === '') return '""';
  if (nonString.test(s)) return `"${s}"`;
  if (/[\x00-\x08\x0b-\x1f\x7f]/.test(s) || s.includes('\n')) return JSON.stringify(s);
  const needsQuote =
    /^[-?:,[\]{}#&*!|>'"%@`\s]/.test(s) || /\s$/.test(s) || s.includes(': ') || s.includes(' #') || s.endsWith(':') ||
    (s.startsWith('-') && s.length === 1);
  return needsQuote ? `'${s.replace(/'/g, "''")}'` : s;
}

function leaf(v: unknown): string | undefined {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (typeof v === 'string') return scalar(v);
  if (Array.isArray(v) && v.length === 0) return '[]';
  if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0) return '{}';
  return undefined;
}

function emit(v: unknown, indent: string, out: string[]): void {
  if (Array.isArray(v)) {
    for (const item of v) {
      const l = leaf(item);
      if (l !== undefined) { out.push(`${indent}- ${l}\n`); continue; }
      const sub: string[] = [];
      emit(item, indent + '  ', sub);
      // The first line of a nested block shares the "- " line.
      out.push(`${indent}- ${sub[0]!.slice(indent.length + 2)}`, ...sub.slice(1));
    }
    return;
  }
  const obj = v as Record<string, unknown>;
  for (const k of Object.keys(obj).sort()) {
    const val = obj[k];
    const l = leaf(val);
    if (l !== undefined) out.push(`${indent}${scalar(k)}: ${l}\n`);
    else if (Array.isArray(val)) { out.push(`${indent}${scalar(k)}:\n`); emit(val, indent, out); }
    else { out.push(`${indent}${scalar(k)}:\n`); emit(val, indent + '  ', out); }
  }
}

/** YAML text for a JSON-shaped value, as sigs.k8s.io/yaml (go-yaml v2) writes it. */
export function goYaml(v: unknown): string {
  const l = leaf(v);
  if (l !== undefined) return `${l}\n`;
  const out: string[] = [];
  emit(v, '', out);
  return out.join('');
}
