// Go's encoding/json for typed objects: keys in the order the object was built (Go struct field
// order), HTML-sensitive characters escaped as \u003c etc., as kubectl prints generated objects.
export function goJson(v: unknown, indent: number | string = 4): string {
  return escapeHtml(JSON.stringify(v, null, indent));
}

/** Compact form (json.Marshal), used for the last-applied-configuration annotation. */
export const goJsonCompact = (v: unknown): string => escapeHtml(JSON.stringify(v));

const escapeHtml = (s: string) => s.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** Go's %q for the plain strings kubectl prints with %#v. */
export const goQuote = (s: string): string => JSON.stringify(s);
