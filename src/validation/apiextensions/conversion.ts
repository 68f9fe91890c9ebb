// CRD spec.conversion validation (validateCustomResourceConversion and the webhook client config
// checks of k8s.io/apiserver/pkg/util/webhook), on the internal shape: v1's
// conversion.webhook.clientConfig / conversionReviewVersions are reported as
// conversion.webhookClientConfig / conversion.conversionReviewVersions, as kube-apiserver does.
import type { CustomResourceDefinitionSpec } from 'kubernetes-types/apiextensions/v1.js';
import { FieldPath, forbidden, invalid, notSupported, required, type FieldError } from '../../machinery/fielderrors.js';
import { goStringSlice } from '../meta.js';
import { isDNS1035Label, isDNS1123Subdomain, isValidPortNum } from '../names.js';

const reviewVersions = ['v1', 'v1beta1'];

function validateWebhookURL(u: string, path: FieldPath): FieldError[] {
  const form = '; desired format: https://host[/path]';
  let parsed: URL;
  try {
    parsed = new URL(u);
  } catch (e) {
    return [required(path, `url must be a valid URL: ${(e as Error).message}${form}`)];
  }
  const errs: FieldError[] = [];
  const scheme = parsed.protocol.replace(/:$/, '');
  if (scheme !== 'https') errs.push(invalid(path, scheme, `'https' is the only allowed URL scheme${form}`));
  if (!parsed.host) errs.push(invalid(path, parsed.host, `host must be specified${form}`));
  if (parsed.username || parsed.password)
    errs.push(invalid(path, parsed.password ? `${parsed.username}:${parsed.password}` : parsed.username, 'user information is not permitted in the URL'));
  if (parsed.hash.length > 1) errs.push(invalid(path, parsed.hash.slice(1), 'fragments are not permitted in the URL'));
  if (parsed.search.length > 1) errs.push(invalid(path, parsed.search.slice(1), 'query parameters are not permitted in the URL'));
  return errs;
}

function validateWebhookService(svc: { name?: string; namespace?: string; path?: string; port?: number }, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!svc.name) errs.push(required(path.child('name'), 'service name is required'));
  if (!svc.namespace) errs.push(required(path.child('namespace'), 'service namespace is required'));
  const port = svc.port ?? 443;
  const portErrs = isValidPortNum(port);
  if (portErrs.length) errs.push(invalid(path.child('port'), port, `port is not valid: ${portErrs.join(', ')}`));
  const p = svc.path;
  if (p === undefined || p === null || p === '/' || p === '') return errs;
  if (p === '//') return [...errs, invalid(path.child('path'), p, 'segment[0] may not be empty')];
  if (!p.startsWith('/')) errs.push(invalid(path.child('path'), p, "must start with a '/'"));
  let rest = p.slice(1);
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  rest.split('/').forEach((step, i) => {
    if (!step) errs.push(invalid(path.child('path'), p, `segment[${i}] may not be empty`));
    else for (const m of isDNS1123Subdomain(step)) errs.push(invalid(path.child('path'), p, `segment[${i}]: ${m}`));
  });
  return errs;
}

/** validateCustomResourceConversion on the internal shape (webhookClientConfig, conversionReviewVersions). */
export function validateConversion(spec: Partial<CustomResourceDefinitionSpec>, path: FieldPath): FieldError[] {
  const conv = spec.conversion;
  if (!conv) return [];
  const errs: FieldError[] = [];
  const strategies = ['None', 'Webhook'];
  if (!conv.strategy) errs.push(required(path.child('strategy')));
  else if (!strategies.includes(conv.strategy)) errs.push(notSupported(path.child('strategy'), conv.strategy, strategies));
  const cc = conv.webhook?.clientConfig;
  const versions = conv.webhook?.conversionReviewVersions ?? [];
  if (conv.strategy === 'Webhook') {
    const ccPath = path.child('webhookClientConfig');
    if (!cc) errs.push(required(ccPath, 'required when strategy is set to Webhook'));
    else if ((cc.url === undefined) === (cc.service === undefined)) errs.push(required(ccPath, 'exactly one of url or service is required'));
    else if (cc.url !== undefined) errs.push(...validateWebhookURL(cc.url, ccPath.child('url')));
    else errs.push(...validateWebhookService(cc.service!, ccPath.child('service')));
    const vp = path.child('conversionReviewVersions');
    if (versions.length < 1) errs.push(required(vp));
    else {
      const seen = new Set<string>();
      let accepted = false;
      versions.forEach((v, i) => {
        if (seen.has(v)) {
          errs.push(invalid(vp.index(i), v, 'duplicate version'));
          return;
        }
        seen.add(v);
        for (const m of isDNS1035Label(v)) errs.push(invalid(vp.index(i), v, m));
        if (reviewVersions.includes(v)) accepted = true;
      });
      if (!accepted) errs.push(invalid(vp, goStringSlice(versions), `must include at least one of ${reviewVersions.join(', ')}`));
    }
  } else {
    if (cc) errs.push(forbidden(path.child('webhookClientConfig'), 'should not be set when strategy is not set to Webhook'));
    if (versions.length > 0) errs.push(forbidden(path.child('conversionReviewVersions'), 'should not be set when strategy is not set to Webhook'));
  }
  return errs;
}
