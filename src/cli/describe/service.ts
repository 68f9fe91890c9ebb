// The Service describer (1.25 reads the Service's Endpoints, not its EndpointSlices) and the
// ServiceAccount describer (with the token and mountable secrets 1.25 still lists).
import { CORE, getObject, listAll, type DescribeContext } from './context.js';
import { describeEvents, eventsFor } from './events.js';
import { formatLabels } from '../../machinery/format.js';
import { printAnnotationsMultiline, printLabelsMultiline } from './format.js';
import { LEVEL_0, tabbedString } from './writer.js';

const joinHostPort = (host: string, port: number) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** formatEndpoints: up to three addresses (host:port) of the named service port, then "+ N more...". */
function formatEndpoints(ep: any, portName: string): string {
  const subsets: any[] = ep?.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs: any[] = ss.addresses ?? [];
    const ports: any[] = ss.ports ?? [];
    if (ports.length === 0) {
      for (const a of addrs) {
        if (list.length === max) more = true;
        if (!more) list.push(a.ip);
        count++;
      }
      continue;
    }
    for (const p of ports) {
      if ((p.name ?? '') !== portName) continue;
      for (const a of addrs) {
        if (list.length === max) more = true;
        if (!more) list.push(joinHostPort(a.ip, p.port ?? 0));
        count++;
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export async function describeService(ctx: DescribeContext): Promise<string> {
  const svc = await getObject(ctx, CORE('services'));
  let ep: any;
  try {
    ep = await ctx.rest.resource(CORE('endpoints')).get(svc.metadata.name, svc.metadata.namespace);
  } catch {
    ep = undefined;
  }
  const events = await eventsFor(ctx, svc, 'Service');
  return tabbedString((w) => {
    const spec = svc.spec ?? {};
    w.write(LEVEL_0, `Name:\t${svc.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${svc.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', svc.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', svc.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${spec.type ?? ''}\n`);
    if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    const families: string[] = spec.ipFamilies ?? [];
    w.write(LEVEL_0, `IP Families:\t${families.length > 0 ? families.join(',') : '<none>'}\n`);
    w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
    const ips: string[] = spec.clusterIPs ?? [];
    w.write(LEVEL_0, `IPs:\t${ips.length > 0 ? ips.join(',') : '<none>'}\n`);
    if ((spec.externalIPs ?? []).length > 0) w.write(LEVEL_0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
    if (spec.loadBalancerIP) w.write(LEVEL_0, `IP:\t${spec.loadBalancerIP}\n`);
    if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
    const ingress: any[] = svc.status?.loadBalancer?.ingress ?? [];
    if (ingress.length > 0) w.write(LEVEL_0, `LoadBalancer Ingress:\t${ingress.map((i) => i.ip || i.hostname || '').join(', ')}\n`);
    for (const p of spec.ports ?? []) {
      const name = p.name || '<unset>';
      w.write(LEVEL_0, `Port:\t${name}\t${p.port}/${p.protocol ?? ''}\n`);
      w.write(LEVEL_0, `TargetPort:\t${p.targetPort ?? 0}/${p.protocol ?? ''}\n`);
      if (p.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${p.nodePort}/${p.protocol ?? ''}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpoints(ep, p.name ?? '')}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
    if (spec.externalTrafficPolicy) w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    if ((spec.loadBalancerSourceRanges ?? []).length > 0) w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
    if (events) describeEvents(events, w, ctx.now);
  });
}

const SA_NAME = 'kubernetes.io/service-account.name';
const SA_UID = 'kubernetes.io/service-account.uid';

export async function describeServiceAccount(ctx: DescribeContext): Promise<string> {
  const sa = await getObject(ctx, CORE('serviceaccounts'));
  const tokens: string[] = [];
  const missing = new Set<string>();
  try {
    const secrets = await listAll(ctx, CORE('secrets'), { namespace: sa.metadata.namespace });
    const existing = new Set<string>();
    for (const s of secrets) {
      if (s.type === 'kubernetes.io/service-account-token' && s.metadata.annotations?.[SA_NAME] === sa.metadata.name && s.metadata.annotations?.[SA_UID] === sa.metadata.uid) tokens.push(s.metadata.name);
      existing.add(s.metadata.name);
    }
    for (const s of [...(sa.secrets ?? []), ...(sa.imagePullSecrets ?? [])]) if (!existing.has(s.name)) missing.add(s.name);
  } catch {
    // Described without tokens when the secrets cannot be listed, as upstream does.
  }
  const events = await eventsFor(ctx, sa, 'ServiceAccount');
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${sa.metadata.name}\n`);
    w.write(LEVEL_0, `Namespace:\t${sa.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', sa.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', sa.metadata.annotations);
    // The headers are padded to one width and printed in sorted order.
    const sections: [string, string[]][] = [
      ['Image pull secrets:', (sa.imagePullSecrets ?? []).map((s: any) => s.name)],
      ['Mountable secrets: ', (sa.secrets ?? []).map((s: any) => s.name)],
      ['Tokens:            ', tokens],
    ];
    for (const [header, names] of sections) {
      if (names.length === 0) {
        w.write(LEVEL_0, `${header}\t<none>\n`);
        continue;
      }
      let prefix = header;
      for (const n of names) {
        w.write(LEVEL_0, `${prefix}\t${n}${missing.has(n) ? ' (not found)' : ''}\n`);
        prefix = '                   ';
      }
    }
    if (events) describeEvents(events, w, ctx.now);
  });
}
