// Paths are taken as sent. A WHATWG URL would resolve "." and ".." segments (also %2e-encoded
// ones), so "DELETE .../configmaps/x/.." would become a delete of the whole collection; Go's
// server routes the raw path, where such a segment names nothing. Those requests are a 404.

export function hasDotSegment(rawUrl: string): boolean {
  const q = rawUrl.indexOf('?');
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  return path.split('/').some((seg) => {
    const s = seg.replace(/%2e/gi, '.');
    return s === '.' || s === '..';
  });
}
