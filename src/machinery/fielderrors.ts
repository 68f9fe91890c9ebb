// Field errors as apimachinery's field.Error: a path, a type and a message rendered exactly as
// kube-apiserver renders them, because kubectl users read these verbatim.

export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

const typeText: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

export interface FieldError {
  type: FieldErrorType;
  /** Dotted path with indexes and keys: spec.containers[0].image, metadata.labels[app]. */
  field: string;
  badValue?: unknown;
  detail?: string;
}

/** A field path under construction: path.child('spec').child('containers').index(0).key('app'). */
export class FieldPath {
  private constructor(private readonly text: string) {}
  static root(name = ''): FieldPath {
    return new FieldPath(name);
  }
  child(name: string, ...more: string[]): FieldPath {
    let t = this.text === '' ? name : `${this.text}.${name}`;
    for (const m of more) t = `${t}.${m}`;
    return new FieldPath(t);
  }
  index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`);
  }
  key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${k}]`);
  }
  toString(): string {
    return this.text;
  }
}

type P = FieldPath | string;
const s = (p: P) => p.toString();

export const required = (p: P, detail = ''): FieldError => ({ type: 'FieldValueRequired', field: s(p), detail });
export const invalid = (p: P, value: unknown, detail = ''): FieldError => ({
  type: 'FieldValueInvalid',
  field: s(p),
  badValue: value,
  detail,
});
export const notSupported = (p: P, value: unknown, valid: readonly string[]): FieldError => ({
  type: 'FieldValueNotSupported',
  field: s(p),
  badValue: value,
  detail: valid.length ? `supported values: ${valid.map((v) => JSON.stringify(v)).join(', ')}` : '',
});
export const forbidden = (p: P, detail: string): FieldError => ({ type: 'FieldValueForbidden', field: s(p), detail });
export const duplicate = (p: P, value: unknown): FieldError => ({ type: 'FieldValueDuplicate', field: s(p), badValue: value });
export const notFound = (p: P, value: unknown): FieldError => ({ type: 'FieldValueNotFound', field: s(p), badValue: value });
export const tooLong = (p: P, value: unknown, max: number): FieldError => ({
  type: 'FieldValueTooLong',
  field: s(p),
  badValue: value,
  detail: `must have at most ${max} bytes`,
});
export const tooMany = (p: P, actual: number, max: number): FieldError => ({
  type: 'FieldValueTooMany',
  field: s(p),
  badValue: actual,
  detail: `must have at most ${max} items`,
});
export const typeInvalid = (p: P, value: unknown, detail: string): FieldError => ({
  type: 'FieldValueTypeInvalid',
  field: s(p),
  badValue: value,
  detail,
});

/** Go's %#v-ish rendering of a bad value, as field.Error.ErrorBody does. */
function renderValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(renderValue).join(', ')}}`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}:${renderValue(x)}`);
    return `map[string]interface {}{${entries.join(', ')}}`;
  }
  return String(v);
}

/** The message part after the field path, e.g. `Invalid value: "Foo": a lowercase RFC 1123 ...`. */
export function errorBody(e: FieldError): string {
  let text = typeText[e.type];
  const plain = e.type === 'FieldValueRequired' || e.type === 'FieldValueForbidden' || e.type === 'FieldValueTooLong' || e.type === 'InternalError';
  if (!plain) text += `: ${renderValue(e.badValue)}`;
  if (e.detail) text += `: ${e.detail}`;
  return text;
}

export function errorString(e: FieldError): string {
  return e.field ? `${e.field}: ${errorBody(e)}` : errorBody(e);
}

/** Several field errors as Go's utilerrors aggregate prints them: one alone, else "[a, b]". */
export function aggregateString(errs: FieldError[]): string {
  return errs.length === 1 ? errorString(errs[0]!) : `[${errs.map(errorString).join(', ')}]`;
}
