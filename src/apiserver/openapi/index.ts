// OpenAPI v2 (JSON and gnostic protobuf) and v3 documents for the served resources, plus the
// schema-based field checks (unknown fields, custom resource validation and pruning).
//
// Everything is computed on first use and memoized by resource set; CRD changes produce a new
// set and so a rebuild. Returned documents are shared: treat them as read-only. A strategy's
// openAPISchema must be replaced, not mutated in place, for the change to be seen.
import { createHash } from 'node:crypto';
import type { AnyStrategy } from '../../registry/strategy.js';
import { buildCatalog, type Catalog } from './catalog.js';
import { encodeV2 } from './gnostic.js';
import { LatestCache } from './memo.js';
import { buildV2 } from './v2.js';
import { buildV3Group, groupVersions } from './v3.js';

export { unknownFields, strictDecodingError, unknownFieldWarning } from './fields.js';
export { validateCustomResource } from './crvalidate.js';
export { pruneUnknownFields } from './prune.js';
export { decodeV2, encodeV2 } from './gnostic.js';
export { gvPath } from './names.js';

export interface OpenAPIV2 {
  json: object;
  /** The JSON text of `json` (what /openapi/v2 returns to JSON clients). */
  jsonText: string;
  /** gnostic openapi.v2.Document bytes (what kubectl and helm fetch). */
  protobuf: Buffer;
  /** Quoted strong ETag: "<SHA-512 of the JSON text, uppercase hex>". */
  etag: string;
}

interface Entry {
  catalog: Catalog;
  v2?: OpenAPIV2;
  v3Root?: { paths: Record<string, { serverRelativeURL: string }> };
  v3Groups: Map<string, { doc: object; hash: string } | undefined>;
}

const cache = new LatestCache<Entry>();
const entry = (resources: readonly AnyStrategy[]) => cache.get(resources, () => ({ catalog: buildCatalog(resources), v3Groups: new Map() }));

const sha512 = (text: string) => createHash('sha512').update(text).digest('hex').toUpperCase();

/** The Swagger 2.0 document for these resources, as JSON and as gnostic protobuf. */
export function openapiV2(resources: readonly AnyStrategy[]): OpenAPIV2 {
  const e = entry(resources);
  if (!e.v2) {
    const json = buildV2(e.catalog);
    const jsonText = JSON.stringify(json);
    e.v2 = { json, jsonText, protobuf: encodeV2(json), etag: `"${sha512(jsonText)}"` };
  }
  return e.v2;
}

/**
 * The OpenAPI v3 document of one group-version ("api/v1", "apis/apps/v1"), with a content hash
 * (uppercase hex SHA-512 of its JSON) for ?hash= URLs and ETags; undefined for an unknown gv.
 */
export function openapiV3Group(resources: readonly AnyStrategy[], gvPath: string): { doc: object; hash: string } | undefined {
  const e = entry(resources);
  if (!e.v3Groups.has(gvPath)) {
    const doc = buildV3Group(e.catalog, gvPath);
    e.v3Groups.set(gvPath, doc && { doc, hash: sha512(JSON.stringify(doc)) });
  }
  return e.v3Groups.get(gvPath);
}

/** The /openapi/v3 index: every group-version with its document URL (hash included). */
export function openapiV3Root(resources: readonly AnyStrategy[]): { paths: Record<string, { serverRelativeURL: string }> } {
  const e = entry(resources);
  if (!e.v3Root) {
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const gv of groupVersions(e.catalog)) {
      const g = openapiV3Group(resources, gv)!;
      paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${g.hash}` };
    }
    e.v3Root = { paths };
  }
  return e.v3Root;
}
