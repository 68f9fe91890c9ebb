// Name and label syntax checks of k8s.io/apimachinery/pkg/util/validation, returning the same
// message texts, so Invalid errors read exactly as kube-apiserver's.

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1035LabelFmt = '[a-z]([-a-z0-9]*[a-z0-9])?';
const qualifiedNameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const labelValueFmt = `(${qualifiedNameFmt})?`;

const dns1123Label = new RegExp(`^${dns1123LabelFmt}$`);
const dns1123Subdomain = new RegExp(`^${dns1123SubdomainFmt}$`);
const dns1035Label = new RegExp(`^${dns1035LabelFmt}$`);
const qualifiedName = new RegExp(`^${qualifiedNameFmt}$`);
const labelValue = new RegExp(`^${labelValueFmt}$`);

const maxLen = (n: number) => `must be no more than ${n} characters`;
const fmtMsg = (what: string, fmt: string, examples: string[]) =>
  `${what} (e.g. ${examples.map((e) => `'${e}'`).join(',  or ')}, regex used for validation is '${fmt}')`;

export function isDNS1123Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLen(63));
  if (!dns1123Label.test(v))
    errs.push(
      fmtMsg(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        dns1123LabelFmt,
        ['my-name', '123-abc'],
      ),
    );
  return errs;
}

export function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLen(253));
  if (!dns1123Subdomain.test(v))
    errs.push(
      fmtMsg(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        dns1123SubdomainFmt,
        ['example.com'],
      ),
    );
  return errs;
}

export function isDNS1035Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLen(63));
  if (!dns1035Label.test(v))
    errs.push(
      fmtMsg(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        dns1035LabelFmt,
        ['my-name', 'abc-123'],
      ),
    );
  return errs;
}

/** Names used as a URL path segment (RBAC objects and other "path segment" kinds). */
export function isPathSegmentName(v: string): string[] {
  if (v === '.' || v === '..') return [`may not be '${v}'`];
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (v.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

/** Label and annotation keys: optional DNS subdomain prefix, '/', and a 63-character name part. */
export function isQualifiedName(v: string): string[] {
  const errs: string[] = [];
  const parts = v.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const [prefix, n] = parts as [string, string];
    name = n;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  } else {
    return [
      fmtMsg(
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        qualifiedNameFmt,
        ['MyName', 'my.name', '123-abc'],
      ) + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLen(63)}`);
  if (name.length > 0 && !qualifiedName.test(name))
    errs.push(
      fmtMsg(
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        qualifiedNameFmt,
        ['MyName', 'my.name', '123-abc'],
      ),
    );
  return errs;
}

export function isValidLabelValue(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLen(63));
  if (!labelValue.test(v))
    errs.push(
      fmtMsg(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        labelValueFmt,
        ['MyValue', 'my_value', '12345'],
      ),
    );
  return errs;
}

/** C_IDENTIFIER, used for environment variable names in older checks. */
export function isCIdentifier(v: string): string[] {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(v)
    ? []
    : [
        "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used for validation is '[A-Za-z_][A-Za-z0-9_]*')",
      ];
}

export function isValidPortNum(p: number): string[] {
  return Number.isInteger(p) && p >= 1 && p <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

/** IANA service names used as port names: at most 15 chars, lower-case alphanumerics and '-', a letter somewhere. */
export function isValidPortName(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 15) errs.push(maxLen(15));
  if (!/^[-a-z0-9]+$/.test(v)) errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (v.includes('--')) errs.push("must not contain consecutive hyphens");
  if (!/[a-z]/.test(v)) errs.push('must contain at least one letter (a-z)');
  if (v.startsWith('-') || v.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** IsValidPercent: a numeric string followed by '%' (int-or-string percentages). */
export function isValidPercent(v: string): string[] {
  return /^[0-9]+%$/.test(v)
    ? []
    : [fmtMsg("a valid percent string must be a numeric string followed by an ending '%'", '[0-9]+%', ['1%', '93%'])];
}

const wildcardDNS1123SubdomainFmt = `\\*\\.${dns1123SubdomainFmt}`;
const wildcardDNS1123Subdomain = new RegExp(`^${wildcardDNS1123SubdomainFmt}$`);

/** IsWildcardDNS1123Subdomain: "*." followed by a DNS subdomain (ingress hosts, TLS hosts). */
export function isWildcardDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLen(253));
  if (!wildcardDNS1123Subdomain.test(v))
    errs.push(
      fmtMsg(
        "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character",
        wildcardDNS1123SubdomainFmt,
        ['*.example.com'],
      ),
    );
  return errs;
}

/** IsValidIP (apimachinery): IPv4 or IPv6 text; leading zeros are tolerated as Go's ParseIPSloppy does. */
export function isValidIP(v: string): string[] {
  const sloppy = v.includes(':') ? v : v.replace(/(^|\.)0+(\d)/g, '$1$2');
  return isIPText(sloppy) ? [] : ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'];
}

function isIPText(v: string): boolean {
  const v4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
  if (v4.test(v)) return true;
  if (!v.includes(':')) return false;
  // IPv6, optionally with an embedded IPv4 tail.
  let text = v;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    if (!v4.test(text.slice(lastColon + 1))) return false;
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const parts = halves.map((h) => (h === '' ? [] : h.split(':')));
  if (parts.some((p) => p.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g)))) return false;
  const count = parts.reduce((n, p) => n + p.length, 0);
  return halves.length === 2 ? count < 8 : count === 8;
}

function hasChDirPrefix(v: string): string[] {
  if (v === '.') return ["must not be '.'"];
  if (v === '..') return ["must not be '..'"];
  if (v.startsWith('..')) return ["must not start with '..'"];
  return [];
}

/** IsEnvVarName: environment variable names (container env, envFrom prefixes). */
export function isEnvVarName(v: string): string[] {
  const errs: string[] = [];
  if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(v))
    errs.push(
      fmtMsg(
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
        '[-._a-zA-Z][-._a-zA-Z0-9]*',
        ['my.env-name', 'MY_ENV.NAME', 'MyEnvName1'],
      ),
    );
  return [...errs, ...hasChDirPrefix(v)];
}

/** IsConfigMapKey: keys of ConfigMap and Secret data (they become file names in volumes). */
export function isConfigMapKey(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLen(253));
  if (!/^[-._a-zA-Z0-9]+$/.test(v))
    errs.push(fmtMsg("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", '[-._a-zA-Z0-9]+', ['key.name', 'KEY_NAME', 'key-name']));
  return [...errs, ...hasChDirPrefix(v)];
}
