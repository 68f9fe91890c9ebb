// kubectl api-resources (1.25): the server's preferred resources (discovery always refetched unless
// --cached), filtered by --api-group/--namespaced/--verbs, sorted by group (default), name or kind.
import type { Command, RunContext } from '../command.js';
import type { APIResource } from '../discovery.js';
import { CliError } from '../factory.js';
import { tabwrite } from '../printers/tabwriter.js';

interface Row {
  group: string;
  groupVersion: string;
  r: APIResource;
}

export const command: Command = {
  name: 'api-resources',
  short: 'Print the supported API resources on the server',
  flags: [
    { name: 'no-headers', type: 'bool', usage: "When using the default or custom-column output format, don't print headers (default print headers)." },
    { name: 'output', shorthand: 'o', type: 'string', usage: 'Output format. One of: (wide, name).' },
    { name: 'api-group', type: 'string', usage: 'Limit to resources in the specified API group.' },
    { name: 'namespaced', type: 'bool', default: true, usage: 'If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.' },
    { name: 'verbs', type: 'stringSlice', usage: 'Limit to resources that support the specified verbs.' },
    { name: 'sort-by', type: 'string', usage: "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'." },
    { name: 'cached', type: 'bool', usage: 'Use the cached list of resources if available.' },
  ],
  run,
};

async function run({ flags, f, io }: RunContext): Promise<number> {
  const output = flags.str('output');
  if (!['', 'wide', 'name'].includes(output)) throw new CliError(`--output ${output} is not available`);
  const sortBy = flags.str('sort-by');
  if (!['', 'name', 'kind'].includes(sortBy)) throw new CliError('--sort-by accepts only name or kind');
  const disco = f.discovery();
  if (!flags.bool('cached')) await disco.invalidate();
  const rows = await preferredResources(disco);
  const verbs = flags.list('verbs');
  const kept = rows.filter(
    ({ group, r }) =>
      r.verbs.length > 0 &&
      (!flags.changed('api-group') || group === flags.str('api-group')) &&
      (!flags.changed('namespaced') || r.namespaced === flags.bool('namespaced')) &&
      verbs.every((v) => r.verbs.includes(v)),
  );
  const key = (x: Row) => (sortBy === 'name' ? x.r.name : sortBy === 'kind' ? x.r.kind : x.group);
  kept.sort((a, b) => cmp(key(a), key(b)) || cmp(a.r.name, b.r.name));
  let text = '';
  if (!flags.bool('no-headers') && output !== 'name') text += `NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND${output === 'wide' ? '\tVERBS' : ''}\n`;
  for (const { group, groupVersion, r } of kept) {
    if (output === 'name') {
      text += `${r.name}${group ? `.${group}` : ''}\n`;
      continue;
    }
    text += `${r.name}\t${(r.shortNames ?? []).join(',')}\t${groupVersion}\t${r.namespaced}\t${r.kind}`;
    text += output === 'wide' ? `\t[${r.verbs.join(' ')}]\n` : '\n';
  }
  io.out(tabwrite(text));
  return 0;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** client-go's ServerPreferredResources: each group/resource once, the preferred version winning. */
async function preferredResources(disco: ReturnType<RunContext['f']['discovery']>): Promise<Row[]> {
  const groups = (await disco.serverGroups()).groups;
  const lists = await Promise.all(groups.map((g) => Promise.all(g.versions.map((v) => disco.resourceList(g.name, v.version)))));
  const byKey = new Map<string, Row>();
  groups.forEach((g, gi) => {
    const preferred = g.preferredVersion?.version ?? g.versions[0]?.version;
    g.versions.forEach((v, vi) => {
      const list = lists[gi]![vi];
      if (!list) return;
      for (const r of list.resources) {
        if (r.name.includes('/')) continue;
        const key = `${g.name}/${r.name}`;
        if (byKey.has(key) && v.version !== preferred) continue;
        byKey.set(key, { group: g.name, groupVersion: v.groupVersion, r });
      }
    });
  });
  return [...byKey.values()];
}
