// Completion of positional arguments: resource types first, then names of that type from the server.
import type { CompleteRequest } from '../command.js';
import { groupResource } from '../discovery.js';

export async function completeResourceArgs(req: CompleteRequest): Promise<string[]> {
  const all = await req.f.discovery().resources();
  if (req.args.length === 0) {
    // kubectl lists each type once, core ones by name and others group-qualified.
    const names = all.filter((r) => r.preferred && r.verbs.includes('list')).map((r) => groupResource(r));
    return [...new Set(names)].sort();
  }
  const type = req.args[0]!;
  if (type.includes('/')) return [];
  const info = await req.f.resource(type);
  const list = await req.f.rest().resource(info).list({ namespace: info.namespaced ? req.f.namespace().namespace : undefined, limit: 500 });
  return list.items.map((o) => o.metadata.name!).filter((n) => !req.args.slice(1).includes(n));
}
