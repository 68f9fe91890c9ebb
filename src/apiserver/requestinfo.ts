// RequestInfo: what a URL and method mean in Kubernetes terms (k8s.io/apiserver's RequestInfoFactory).

export interface RequestInfo {
  /** True for /api/v1/... and /apis/<group>/<version>/... paths naming a resource. */
  isResourceRequest: boolean;
  path: string;
  verb: string; // get list watch create update patch delete deletecollection
  apiPrefix: string; // 'api' | 'apis'
  group: string;
  version: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  /** Path segments after the prefix, for discovery routing. */
  parts: string[];
}

export function requestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const info: RequestInfo = {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    apiPrefix: '',
    group: '',
    version: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [],
  };
  const segs = path.split('/').filter((s) => s !== '').map(safeDecode);
  if (segs[0] !== 'api' && segs[0] !== 'apis') return info;
  info.apiPrefix = segs[0];
  let rest = segs.slice(1);
  if (info.apiPrefix === 'apis') {
    if (rest.length < 2) {
      info.parts = rest;
      return info;
    }
    info.group = rest[0]!;
    rest = rest.slice(1);
  }
  if (rest.length < 1) return info;
  info.version = rest[0]!;
  rest = rest.slice(1);
  info.parts = rest;
  if (rest.length === 0) return info;
  info.isResourceRequest = true;
  // /namespaces/{ns}/{resource}... — but /namespaces and /namespaces/{name}[/status|/finalize] are the namespace
  // resource itself (requestinfo.go's namespaceSubresources).
  if (rest[0] === 'namespaces' && rest.length >= 3 && !(rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize'))) {
    info.namespace = rest[1]!;
    rest = rest.slice(2);
  }
  info.resource = rest[0]!;
  if (rest.length >= 2) info.name = rest[1]!;
  if (rest.length >= 3) info.subresource = rest[2]!;
  if (rest.length > 3) info.subresource = rest.slice(2).join('/');
  const m = method.toUpperCase();
  if (m === 'GET' || m === 'HEAD') {
    const watch = query.get('watch');
    if (watch === 'true' || watch === '1') info.verb = 'watch';
    else info.verb = info.name ? 'get' : 'list';
  } else if (m === 'POST') info.verb = 'create';
  else if (m === 'PUT') info.verb = 'update';
  else if (m === 'PATCH') info.verb = 'patch';
  else if (m === 'DELETE') info.verb = info.name ? 'delete' : 'deletecollection';
  return info;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
