// JSON merge patch (RFC 7386) and JSON patch (RFC 6902), pure. Errors are PatchError with texts
// close to evanphx/json-patch's, which kube-apiserver returns inside a 422/400 Status.

export class PatchError extends Error {}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386: objects merge recursively, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export interface JsonPatchOp {
  op: string;
  path: string;
  value?: unknown;
  from?: string;
}

function parsePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer: ${JSON.stringify(path)}`);
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Resolve the container of the last token; throws for a missing intermediate. */
function parentOf(doc: unknown, tokens: string[], path: string): { parent: unknown; last: string } {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) {
      const i = Number(t);
      if (!/^\d+$/.test(t) || i >= cur.length) throw new PatchError(`doc is missing path: "${path}": missing value`);
      cur = cur[i];
    } else if (isObj(cur)) {
      if (!(t in cur)) throw new PatchError(`doc is missing path: "${path}": missing value`);
      cur = cur[t];
    } else throw new PatchError(`doc is missing path: "${path}": missing value`);
  }
  return { parent: cur, last: tokens[tokens.length - 1]! };
}

function getAt(doc: unknown, path: string): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return doc;
  const { parent, last } = parentOf(doc, tokens, path);
  if (Array.isArray(parent)) {
    const i = Number(last);
    if (!/^\d+$/.test(last) || i >= parent.length) throw new PatchError(`Unable to get nil value at "${path}"`);
    return parent[i];
  }
  if (isObj(parent) && last in parent) return parent[last];
  throw new PatchError(`doc is missing key: ${path}: missing value`);
}

function add(doc: unknown, path: string, value: unknown): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const { parent, last } = parentOf(doc, tokens, path);
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (!(last === '-' || /^\d+$/.test(last)) || i > parent.length) throw new PatchError(`Unable to access invalid index: ${last}: invalid index referenced`);
    parent.splice(i, 0, value);
  } else if (isObj(parent)) parent[last] = value;
  else throw new PatchError(`doc is missing path: "${path}": missing value`);
  return doc;
}

function remove(doc: unknown, path: string): unknown {
  const tokens = parsePointer(path);
  if (tokens.length === 0) throw new PatchError('unable to remove the whole document');
  const { parent, last } = parentOf(doc, tokens, path);
  if (Array.isArray(parent)) {
    const i = Number(last);
    if (!/^\d+$/.test(last) || i >= parent.length) throw new PatchError(`Unable to remove nonexistent key: ${last}: missing value`);
    parent.splice(i, 1);
  } else if (isObj(parent) && last in parent) delete parent[last];
  else throw new PatchError(`Unable to remove nonexistent key: ${last}: missing value`);
  return doc;
}

/** RFC 6902 on a deep copy of `doc`. */
export function jsonPatch(doc: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  let out = structuredClone(doc) as Json;
  for (const raw of ops) {
    if (!isObj(raw)) throw new PatchError('invalid patch operation');
    const op = raw as unknown as JsonPatchOp;
    if (typeof op.path !== 'string') throw new PatchError(`Unexpected kind: ${op.op}`);
    switch (op.op) {
      case 'add':
        if (!('value' in op)) throw new PatchError('add operation does not apply: doc is missing value');
        out = add(out, op.path, structuredClone(op.value)) as Json;
        break;
      case 'remove':
        out = remove(out, op.path) as Json;
        break;
      case 'replace':
        getAt(out, op.path);
        out = parsePointer(op.path).length === 0 ? (structuredClone(op.value) as Json) : (add(remove(out, op.path), op.path, structuredClone(op.value)) as Json);
        break;
      case 'move': {
        const v = getAt(out, op.from ?? '');
        out = add(remove(out, op.from ?? ''), op.path, v) as Json;
        break;
      }
      case 'copy':
        out = add(out, op.path, structuredClone(getAt(out, op.from ?? ''))) as Json;
        break;
      case 'test':
        if (!deepEqual(getAt(out, op.path), op.value)) throw new PatchError(`testing value ${op.path} failed: test failed`);
        break;
      default:
        throw new PatchError(`Unexpected kind: ${String(op.op)}`);
    }
  }
  return out;
}
