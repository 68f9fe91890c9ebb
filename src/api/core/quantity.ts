// resource.Quantity arithmetic, exact to the nano unit as apimachinery keeps it: parse, compare, add
// and the canonical text the API server writes back ("1024Mi" → "1Gi", "0.5" → "500m").

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** Value × 10^9, rounded up (kube keeps nothing finer than nano). */
  nano: bigint;
  format: QuantityFormat;
}

const re = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;
const decimalSuffix: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffix: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

const ceilDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return a % b !== 0n && a > 0n ? q + 1n : q;
};

/** Parse a quantity given as a string or a JSON number; undefined when it is not one. */
export function parseQuantity(v: unknown): Quantity | undefined {
  const text = typeof v === 'number' ? (Number.isFinite(v) ? numberText(v) : '') : typeof v === 'string' ? v : '';
  const m = re.exec(text);
  if (!m) return undefined;
  const [, sign, num, suffix = ''] = m as unknown as [string, string, string, string | undefined];
  const [int = '', frac = ''] = num.split('.');
  let mantissa = BigInt((int || '0') + frac);
  let exp10 = -frac.length;
  let exp2 = 0;
  let format: QuantityFormat = 'DecimalSI';
  if (suffix in binarySuffix) {
    exp2 = binarySuffix[suffix]!;
    format = 'BinarySI';
  } else if (suffix in decimalSuffix) {
    exp10 += decimalSuffix[suffix]!;
  } else {
    exp10 += Number(suffix.slice(1));
    format = 'DecimalExponent';
  }
  mantissa <<= BigInt(exp2);
  const scale = exp10 + 9;
  let nano = scale >= 0 ? mantissa * 10n ** BigInt(scale) : ceilDiv(mantissa, 10n ** BigInt(-scale));
  if (sign === '-') nano = -nano;
  return { nano, format };
}

function numberText(n: number): string {
  // JSON numbers arrive as floats; render without exponent where possible so the regex accepts them.
  const s = String(n);
  return /e/.test(s) ? n.toFixed(9).replace(/\.?0+$/, '') : s;
}

export function compareQuantities(a: Quantity, b: Quantity): number {
  return a.nano < b.nano ? -1 : a.nano > b.nano ? 1 : 0;
}

export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return { nano: a.nano + b.nano, format: a.format };
}

/** Quantity.String(): the canonical form kube-apiserver stores and prints. */
export function formatQuantity(q: Quantity): string {
  let format = q.format;
  if (format === 'BinarySI') {
    const small = q.nano > -1024n * 1_000_000_000n && q.nano < 1024n * 1_000_000_000n;
    if (small || q.nano % 1_000_000_000n !== 0n) format = 'DecimalSI';
  }
  if (q.nano === 0n) return '0';
  const neg = q.nano < 0n;
  let n = neg ? -q.nano : q.nano;
  let text: string;
  if (format === 'BinarySI') {
    n /= 1_000_000_000n;
    let k = 0;
    while (k < 6 && n % 1024n === 0n) {
      n /= 1024n;
      k++;
    }
    text = `${n}${['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][k]}`;
  } else {
    let exp = -9;
    while (n % 1000n === 0n && (format === 'DecimalExponent' || exp < 18)) {
      n /= 1000n;
      exp += 3;
    }
    const suffix = format === 'DecimalExponent' ? (exp === 0 ? '' : `e${exp}`) : Object.keys(decimalSuffix).find((k) => decimalSuffix[k] === exp)!;
    text = `${n}${suffix}`;
  }
  return neg ? `-${text}` : text;
}

/** The canonical text of a quantity value, or the value unchanged when it does not parse. */
export function canonicalQuantity(v: unknown): unknown {
  const q = parseQuantity(v);
  return q ? formatQuantity(q) : v;
}

/** Quantity text for printers: a missing or unparsable quantity prints as "0", like a zero Quantity. */
export function quantityString(v: unknown): string {
  const q = parseQuantity(v);
  return q ? formatQuantity(q) : '0';
}

/**
 * SetDefaults_ResourceList: round every value up to milli precision, then store the canonical text.
 * Values that do not parse are left for validation to report.
 */
export function defaultResourceList(list: Record<string, unknown> | undefined | null): void {
  if (!list) return;
  for (const [k, v] of Object.entries(list)) {
    const q = parseQuantity(v);
    if (!q) continue;
    q.nano = ceilDiv(q.nano, 1_000_000n) * 1_000_000n;
    list[k] = formatQuantity(q);
  }
}
