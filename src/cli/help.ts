// Help text: the command groups of `kubectl --help`, and a command's flags.
import type { Command } from './command.js';
import { TOP_LEVEL } from './root.js';

export function printRootHelp(): string {
  let s = 'kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n';
  const groups = [...new Set(TOP_LEVEL.map((t) => t.group))];
  const width = Math.max(...TOP_LEVEL.map((t) => t.name.length)) + 3;
  for (const g of groups) {
    s += `\n${g}\n`;
    for (const t of TOP_LEVEL.filter((x) => x.group === g)) s += `  ${t.name.padEnd(width)}${t.short}\n`;
  }
  s += `\nUsage:\n  kubectl [flags] [options]\n\nUse "kubectl <command> --help" for more information about a given command.\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n`;
  return s;
}

export function commandHelp(path: Command[]): string {
  const cmd = path[path.length - 1]!;
  const name = path.map((c) => c.name).join(' ');
  let s = cmd.long ?? `${cmd.short}.\n`;
  if (cmd.example) s += `\nExamples:\n${cmd.example}\n`;
  if (cmd.sub?.length) {
    s += '\nAvailable Commands:\n';
    const w = Math.max(...cmd.sub.map((c) => c.name.length)) + 3;
    for (const c of cmd.sub.filter((x) => !x.hidden)) s += `  ${c.name.padEnd(w)}${c.short}\n`;
  }
  const flags = (cmd.flags ?? []).filter((f) => !f.hidden);
  if (flags.length) {
    s += '\nOptions:\n';
    for (const f of flags) s += `    ${f.shorthand ? `-${f.shorthand}, ` : ''}--${f.name}=${JSON.stringify(f.default ?? (f.type === 'bool' ? false : f.type === 'int' ? 0 : f.type.startsWith('string') && f.type !== 'string' ? [] : '')).replace(/"/g, "'")}:\n\t${f.usage}\n\n`;
  }
  s += `Usage:\n  ${name} [options]\n\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n`;
  return s;
}
