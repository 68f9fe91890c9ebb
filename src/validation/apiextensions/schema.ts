// Validation of a CRD's openAPIV3Schema: the OpenAPI subset CRDs accept
// (ValidateCustomResourceDefinitionOpenAPISchema) and the structural-schema invariants
// (apiextensions-apiserver pkg/apiserver/schema ValidateStructural), with upstream's messages.
// CEL compilation of x-kubernetes-validations, default-value validation and the structural
// completeness check are not done here.
import { isObject } from '../../api/object.js';
import { errorString, FieldPath, forbidden, invalid, notSupported, required, type FieldError } from '../../machinery/fielderrors.js';
import { deepEqual, goStringSlice } from '../meta.js';

/** JSONSchemaProps as JSON: kubernetes-types lacks the x-kubernetes-* extensions, so keep it loose. */
export type Schema = Record<string, unknown>;

const openapiV3Types = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const metaFields = ['metadata', 'kind', 'apiVersion'];

const asSchema = (v: unknown): Schema | undefined => (isObject(v) ? v : undefined);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const schemaMap = (v: unknown): [string, Schema][] =>
  isObject(v) ? Object.keys(v).sort().map((k) => [k, asSchema(v[k]) ?? {}]) : [];
const schemaList = (v: unknown): Schema[] => (Array.isArray(v) ? v.map((s) => asSchema(s) ?? {}) : []);
const nonEmpty = (v: unknown): boolean =>
  v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0) && !(isObject(v) && Object.keys(v).length === 0);

interface Standard {
  allowDefaults: boolean;
  disallowDefaultsReason: string;
  insideResourceMeta: boolean;
}

/** specStandardValidatorV3: keywords the CRD OpenAPI subset rejects. */
function validateStandard(s: Schema, path: FieldPath, ssv: Standard): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(s.type);
  if (type && !openapiV3Types.includes(type)) errs.push(notSupported(path.child('type'), type, openapiV3Types));
  if (s.default !== undefined && !ssv.allowDefaults)
    errs.push(forbidden(path.child('default'), `must not be set${ssv.disallowDefaultsReason ? ` ${ssv.disallowDefaultsReason}` : ''}`));
  if (s.id) errs.push(forbidden(path.child('id'), 'id is not supported'));
  if (s.additionalItems !== undefined && s.additionalItems !== null) errs.push(forbidden(path.child('additionalItems'), 'additionalItems is not supported'));
  if (nonEmpty(s.patternProperties)) errs.push(forbidden(path.child('patternProperties'), 'patternProperties is not supported'));
  if (nonEmpty(s.definitions)) errs.push(forbidden(path.child('definitions'), 'definitions is not supported'));
  if (s.dependencies !== undefined && s.dependencies !== null) errs.push(forbidden(path.child('dependencies'), 'dependencies is not supported'));
  if (s.$ref !== undefined && s.$ref !== null) errs.push(forbidden(path.child('$ref'), '$ref is not supported'));
  if (type === 'null') errs.push(forbidden(path.child('type'), 'type cannot be set to null, use nullable as an alternative'));
  if (Array.isArray(s.items) && s.items.length) errs.push(forbidden(path.child('items'), 'items must be a schema object and not an array'));
  if (ssv.insideResourceMeta && s['x-kubernetes-embedded-resource'] === true)
    errs.push(forbidden(path.child('x-kubernetes-embedded-resource'), 'must not be used inside of resource meta'));
  return errs;
}

function validateListAndMapTypes(s: Schema, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const type = str(s.type);
  const mapType = s['x-kubernetes-map-type'];
  const listType = s['x-kubernetes-list-type'];
  const mapKeys = Array.isArray(s['x-kubernetes-list-map-keys']) ? (s['x-kubernetes-list-map-keys'] as string[]) : [];
  const items = asSchema(s.items);
  if (mapType !== undefined && type !== 'object')
    errs.push(type ? invalid(path.child('type'), type, 'must be object if x-kubernetes-map-type is specified') : required(path.child('type'), 'must be object if x-kubernetes-map-type is specified'));
  if (mapType !== undefined && mapType !== 'atomic' && mapType !== 'granular')
    errs.push(notSupported(path.child('x-kubernetes-map-type'), mapType, ['atomic', 'granular']));
  if (listType !== undefined && type !== 'array') {
    errs.push(type ? invalid(path.child('type'), type, 'must be array if x-kubernetes-list-type is specified') : required(path.child('type'), 'must be array if x-kubernetes-list-type is specified'));
  } else if (listType === 'set' && items) {
    if (items.type === 'array' && items['x-kubernetes-list-type'] !== undefined && items['x-kubernetes-list-type'] !== 'atomic')
      errs.push(invalid(path.child('items', 'x-kubernetes-list-type'), items['x-kubernetes-list-type'], 'must be atomic as item of a list with x-kubernetes-list-type=set'));
    if (items.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic')
      errs.push(invalid(path.child('items', 'x-kubernetes-map-type'), items['x-kubernetes-list-type'] ?? null, 'must be atomic as item of a list with x-kubernetes-list-type=set'));
  }
  if (listType !== undefined && !['atomic', 'set', 'map'].includes(str(listType)))
    errs.push(notSupported(path.child('x-kubernetes-list-type'), listType, ['atomic', 'set', 'map']));
  if (mapKeys.length > 0) {
    if (listType === undefined) errs.push(required(path.child('x-kubernetes-list-type'), 'must be map if x-kubernetes-list-map-keys is non-empty'));
    else if (listType !== 'map') errs.push(invalid(path.child('x-kubernetes-list-type'), listType, 'must be map if x-kubernetes-list-map-keys is non-empty'));
  }
  if (listType === 'map') {
    if (mapKeys.length === 0) errs.push(required(path.child('x-kubernetes-list-map-keys'), 'must not be empty if x-kubernetes-list-type is map'));
    if (s.items === undefined) errs.push(required(path.child('items'), 'must have a schema if x-kubernetes-list-type is map'));
    else if (!items) errs.push(invalid(path.child('items'), s.items, 'must only have a single schema if x-kubernetes-list-type is map'));
    else if (items.type !== 'object') errs.push(invalid(path.child('items', 'type'), str(items.type), "must be object if parent array's x-kubernetes-list-type is map"));
    else {
      const props = asSchema(items.properties) ?? {};
      const seen = new Set<string>();
      for (const k of mapKeys) {
        const ps = asSchema(props[k]);
        if (!ps) errs.push(invalid(path.child('x-kubernetes-list-map-keys'), goStringSlice(mapKeys), 'entries must all be names of item properties'));
        else if (ps.type === 'array' || ps.type === 'object')
          errs.push(invalid(path.child('items', 'properties').key(k).child('type'), str(items.type), "must be a scalar type if parent array's x-kubernetes-list-type is map"));
        if (seen.has(k)) errs.push(invalid(path.child('x-kubernetes-list-map-keys'), goStringSlice(mapKeys), 'must not contain duplicate entries'));
        seen.add(k);
      }
    }
  }
  // validateMapListKeysMapSet: set and map list items are never nullable, map keys need a value.
  if (items && (listType === 'set' || listType === 'map')) {
    if (items.nullable === true) errs.push(forbidden(path.child('items', 'nullable'), `cannot be nullable when x-kubernetes-list-type is ${listType}`));
    if (listType === 'map') {
      const props = asSchema(items.properties) ?? {};
      const req = Array.isArray(items.required) ? (items.required as string[]) : [];
      for (const k of mapKeys) {
        const ps = asSchema(props[k]);
        if (!ps) continue;
        if (!req.includes(k) && ps.default === undefined)
          errs.push(required(path.child('items', 'properties').key(k).child('default'), 'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property'));
        if (ps.nullable === true)
          errs.push(forbidden(path.child('items', 'properties').key(k).child('nullable'), 'this property is in x-kubernetes-list-map-keys, so it cannot be nullable'));
      }
    }
  }
  return errs;
}

function validateXValidations(s: Schema, path: FieldPath): FieldError[] {
  const rules = Array.isArray(s['x-kubernetes-validations']) ? (s['x-kubernetes-validations'] as unknown[]) : [];
  const errs: FieldError[] = [];
  rules.forEach((r, i) => {
    const p = path.child('x-kubernetes-validations').index(i);
    const rule = isObject(r) ? str(r.rule) : '';
    const message = isObject(r) ? str(r.message) : '';
    const tRule = rule.trim();
    const tMsg = message.trim();
    if (!tRule) errs.push(required(p.child('rule'), 'rule is not specified'));
    else if (message.length > 0 && !tMsg) errs.push(invalid(p.child('message'), message, 'message must be non-empty if specified'));
    else if (/[\n\r]/.test(tMsg)) errs.push(invalid(p.child('message'), message, 'message must not contain line breaks'));
    else if (/[\n\r]/.test(tRule) && !tMsg) errs.push(required(p.child('message'), 'message must be specified if rule contains line breaks'));
  });
  return errs;
}

/** ValidateCustomResourceDefinitionOpenAPISchema, recursively. */
function validateOpenAPISchema(s: Schema | undefined, path: FieldPath, ssv: Standard, isRoot: boolean): FieldError[] {
  if (!s) return [];
  const errs = validateStandard(s, path, ssv);
  if (s.uniqueItems === true) errs.push(forbidden(path.child('uniqueItems'), 'uniqueItems cannot be set to true since the runtime complexity becomes quadratic'));
  const props = schemaMap(s.properties);
  if (s.additionalProperties !== undefined && s.additionalProperties !== null) {
    if (props.length && (s.additionalProperties === false || isObject(s.additionalProperties)))
      errs.push(forbidden(path.child('additionalProperties'), 'additionalProperties and properties are mutual exclusive'));
    const sub = ssv.insideResourceMeta ? { ...ssv, allowDefaults: false, disallowDefaultsReason: 'inside additionalProperties applying to object metadata' } : ssv;
    errs.push(...validateOpenAPISchema(asSchema(s.additionalProperties), path.child('additionalProperties'), sub, false));
  }
  for (const [name, ps] of props) {
    let sub = ssv;
    if ((isRoot || s['x-kubernetes-embedded-resource'] === true) && metaFields.includes(name)) {
      sub = { ...sub, insideResourceMeta: true };
      if (isRoot) sub = { ...sub, allowDefaults: false, disallowDefaultsReason: `in top-level ${name}` };
    }
    errs.push(...validateOpenAPISchema(ps, path.child('properties').key(name), sub, false));
  }
  errs.push(...validateOpenAPISchema(asSchema(s.not), path.child('not'), ssv, false));
  for (const k of ['allOf', 'oneOf', 'anyOf'])
    schemaList(s[k]).forEach((x, i) => errs.push(...validateOpenAPISchema(x, path.child(k).index(i), ssv, false)));
  for (const [name, ds] of schemaMap(s.definitions)) errs.push(...validateOpenAPISchema(ds, path.child('definitions').key(name), ssv, false));
  if (isObject(s.items)) errs.push(...validateOpenAPISchema(s.items, path.child('items'), ssv, false));
  else schemaList(s.items).forEach((x, i) => errs.push(...validateOpenAPISchema(x, path.child('items').index(i), ssv, false)));
  if (isObject(s.dependencies))
    for (const name of Object.keys(s.dependencies).sort())
      if (isObject(s.dependencies[name])) errs.push(...validateOpenAPISchema(s.dependencies[name] as Schema, path.child('dependencies').key(name), ssv, false));
  if (s['x-kubernetes-preserve-unknown-fields'] === false)
    errs.push(invalid(path.child('x-kubernetes-preserve-unknown-fields'), false, 'must be true or undefined'));
  errs.push(...validateListAndMapTypes(s, path));
  errs.push(...validateXValidations(s, path));
  return errs;
}

// ---- structural schema invariants ----

type Level = 'root' | 'item' | 'field';

const intOrStringAnyOf = [{ type: 'integer' }, { type: 'string' }];
const isIntOrStringAnyOf = (s: Schema) => Array.isArray(s.anyOf) && deepEqual(s.anyOf, intOrStringAnyOf);
const isIntOrStringAllOf = (s: Schema) => {
  const first = Array.isArray(s.allOf) ? asSchema(s.allOf[0]) : undefined;
  return !!first && Array.isArray(first.anyOf) && deepEqual(first.anyOf, intOrStringAnyOf);
};

/** A schema inside anyOf/allOf/oneOf/not may only constrain values, never declare structure. */
function validateNested(v: Schema | undefined, skipAnyOf: boolean, skipFirstAllOfAnyOf: boolean, path: FieldPath): FieldError[] {
  if (!v) return [];
  const errs = validateValueValidation(v, skipAnyOf, skipFirstAllOfAnyOf, path);
  if (isObject(v.items)) errs.push(...validateNested(v.items, false, false, path.child('items')));
  for (const [name, ps] of schemaMap(v.properties)) errs.push(...validateNested(ps, false, false, path.child('properties').key(name)));
  const mustBe = (key: string, detail: string) => errs.push(forbidden(path.child(key), detail));
  if (str(v.type)) mustBe('type', 'must be empty to be structural');
  if (v.additionalProperties !== undefined && v.additionalProperties !== null) mustBe('additionalProperties', 'must be undefined to be structural');
  if (v.default !== undefined && v.default !== null) mustBe('default', 'must be undefined to be structural');
  if (str(v.title)) mustBe('title', 'must be empty to be structural');
  if (str(v.description)) mustBe('description', 'must be empty to be structural');
  if (v.nullable === true) mustBe('nullable', 'must be false to be structural');
  if (v['x-kubernetes-preserve-unknown-fields'] === true) mustBe('x-kubernetes-preserve-unknown-fields', 'must be false to be structural');
  if (v['x-kubernetes-embedded-resource'] === true) mustBe('x-kubernetes-embedded-resource', 'must be false to be structural');
  if (v['x-kubernetes-int-or-string'] === true) mustBe('x-kubernetes-int-or-string', 'must be false to be structural');
  if (nonEmpty(v['x-kubernetes-list-map-keys'])) mustBe('x-kubernetes-list-map-keys', 'must be empty to be structural');
  if (v['x-kubernetes-list-type'] !== undefined) mustBe('x-kubernetes-list-type', 'must be undefined to be structural');
  if (v['x-kubernetes-map-type'] !== undefined) mustBe('x-kubernetes-map-type', 'must be undefined to be structural');
  if (nonEmpty(v['x-kubernetes-validations'])) mustBe('x-kubernetes-validations', 'must be empty to be structural');
  if (isObject(v.properties) && 'metadata' in v.properties)
    errs.push(forbidden(path.child('properties').key('metadata'), 'must not be specified in a nested context'));
  return errs;
}

function validateValueValidation(s: Schema, skipAnyOf: boolean, skipFirstAllOfAnyOf: boolean, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!skipAnyOf) schemaList(s.anyOf).forEach((x, i) => errs.push(...validateNested(x, false, false, path.child('anyOf').index(i))));
  schemaList(s.allOf).forEach((x, i) => errs.push(...validateNested(x, skipFirstAllOfAnyOf && i === 0, false, path.child('allOf').index(i))));
  schemaList(s.oneOf).forEach((x, i) => errs.push(...validateNested(x, false, false, path.child('oneOf').index(i))));
  errs.push(...validateNested(asSchema(s.not), false, false, path.child('not')));
  return errs;
}

/** Keys that do not make the root metadata schema "specify" anything (not part of a structural schema). */
const metadataIgnored = new Set(['type', 'default', 'properties', 'example', 'externalDocs', '$schema', 'id']);

function validateMetadata(m: Schema, checkMetadata: boolean, lvl: Level, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (checkMetadata && m.type !== 'object') errs.push(invalid(path.child('type'), str(m.type), 'must be object'));
  if (lvl === 'root') {
    const props = isObject(m.properties) ? Object.keys(m.properties) : undefined;
    const onlyNames = props !== undefined && props.length > 0 && props.every((k) => k === 'name' || k === 'generateName');
    const extra = Object.entries(m).some(([k, v]) => !metadataIgnored.has(k) && v !== undefined && v !== null && v !== false && v !== '');
    if (extra || (props !== undefined && !onlyNames))
      errs.push(forbidden(path, 'must not specify anything other than name and generateName, but metadata is implicitly specified'));
  }
  return errs;
}

function validateInvariants(s: Schema | undefined, lvl: Level, path: FieldPath): FieldError[] {
  if (!s) return [];
  const errs: FieldError[] = [];
  const type = str(s.type);
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (type === 'array' && (s.items === undefined || s.items === null)) errs.push(required(path.child('items'), 'must be specified'));
  if (isObject(s.items)) errs.push(...validateInvariants(s.items, 'item', path.child('items')));
  const props = schemaMap(s.properties);
  for (const [name, ps] of props) errs.push(...validateInvariants(ps, 'field', path.child('properties').key(name)));
  if (s.additionalProperties !== undefined && s.additionalProperties !== null) {
    if (lvl === 'root') errs.push(forbidden(path.child('additionalProperties'), 'must not be used at the root'));
    if (isObject(s.additionalProperties)) errs.push(...validateInvariants(s.additionalProperties, 'field', path.child('additionalProperties')));
  }
  if (intOrString && preserve) errs.push(invalid(path.child('x-kubernetes-preserve-unknown-fields'), true, 'must be false if x-kubernetes-int-or-string is true'));
  if (intOrString && embedded) errs.push(invalid(path.child('x-kubernetes-embedded-resource'), true, 'must be false if x-kubernetes-int-or-string is true'));
  errs.push(...validateValueValidation(s, isIntOrStringAnyOf(s), isIntOrStringAllOf(s), path));

  const checkMetadata = lvl === 'root' || embedded;
  if (embedded && type !== 'object') {
    const detail = 'must be object if x-kubernetes-embedded-resource is true';
    errs.push(type ? invalid(path.child('type'), type, detail) : required(path.child('type'), detail));
  } else if (!type && !intOrString && !preserve) {
    const detail = { root: 'must not be empty at the root', item: 'must not be empty for specified array items', field: 'must not be empty for specified object fields' }[lvl];
    errs.push(required(path.child('type'), detail));
  }
  if (embedded && s.additionalProperties !== undefined && s.additionalProperties !== null)
    errs.push(forbidden(path.child('additionalProperties'), 'must not be used if x-kubernetes-embedded-resource is set'));
  if (lvl === 'root' && type && type !== 'object') errs.push(invalid(path.child('type'), type, 'must be object at the root'));
  const propMap = new Map(props);
  for (const name of ['kind', 'apiVersion']) {
    const ps = propMap.get(name);
    if (ps && checkMetadata && ps.type !== 'string') errs.push(invalid(path.child('properties').key(name).child('type'), str(ps.type), 'must be string'));
  }
  const metadata = propMap.get('metadata');
  if (metadata) errs.push(...validateMetadata(metadata, checkMetadata, lvl, path.child('properties').key('metadata')));
  if (embedded && !preserve && props.length === 0)
    errs.push(required(path.child('properties'), 'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields'));
  return errs;
}

/** ValidateStructural: invariants, sorted by message as upstream does (its maps iterate randomly). */
export function validateStructural(s: Schema, path: FieldPath): FieldError[] {
  return validateInvariants(s, 'root', path).sort((a, b) => (errorString(a) < errorString(b) ? -1 : errorString(a) > errorString(b) ? 1 : 0));
}

/** Root fields allowed when the status subresource is on, keyed by JSON name with upstream's Go field name. */
const allowedAtRootWithStatus: Record<string, string> = {
  description: 'Description', type: 'Type', format: 'Format', title: 'Title', maximum: 'Maximum',
  exclusiveMaximum: 'ExclusiveMaximum', minimum: 'Minimum', exclusiveMinimum: 'ExclusiveMinimum', maxLength: 'MaxLength',
  minLength: 'MinLength', pattern: 'Pattern', maxItems: 'MaxItems', minItems: 'MinItems', uniqueItems: 'UniqueItems',
  multipleOf: 'MultipleOf', required: 'Required', items: 'Items', properties: 'Properties', externalDocs: 'ExternalDocs',
  example: 'Example', 'x-kubernetes-preserve-unknown-fields': 'XPreserveUnknownFields', 'x-kubernetes-validations': 'XValidations',
};
const allowedList = `[${Object.values(allowedAtRootWithStatus).join(' ')}]`;
/** JSONSchemaProps fields that come before Type in the Go struct (and so are reported first). */
const beforeType = ['id', '$schema', '$ref'];

const isZero = (v: unknown) => v === undefined || v === null || v === false || v === '' || v === 0 || (Array.isArray(v) && v.length === 0);

/**
 * validateCustomResourceDefinitionValidation for one `schema` (CustomResourceValidation) at `path`
 * (spec.validation or spec.versions[i].schema): root rules, the OpenAPI subset and structural rules.
 */
export function validateCRDSchema(validation: unknown, statusEnabled: boolean, path: FieldPath): FieldError[] {
  const schema = isObject(validation) ? asSchema(validation.openAPIV3Schema) : undefined;
  if (!schema) return [];
  const errs: FieldError[] = [];
  const root = path.child('openAPIV3Schema');
  if (statusEnabled) {
    const present = Object.keys(schema).filter((k) => !isZero(schema[k]));
    const ordered = [...present.filter((k) => beforeType.includes(k)), ...present.filter((k) => k === 'type'), ...present.filter((k) => !beforeType.includes(k) && k !== 'type')];
    for (const k of ordered) {
      if (k === 'type') {
        if (schema.type !== 'object') {
          errs.push(invalid(path.child('openAPIV3Schema.type'), schema.type, 'only "object" is allowed as the type at the root of the schema if the status subresource is enabled'));
          break;
        }
        continue;
      }
      if (!(k in allowedAtRootWithStatus)) {
        errs.push(invalid(root, schema, `only ${allowedList} fields are allowed at the root of the schema if the status subresource is enabled`));
        break;
      }
    }
  }
  if (schema.nullable === true) errs.push(forbidden(path.child('openAPIV3Schema.nullable'), 'nullable cannot be true at the root'));
  errs.push(...validateOpenAPISchema(schema, root, { allowDefaults: true, disallowDefaultsReason: '', insideResourceMeta: false }, true));
  errs.push(...validateStructural(schema, root));
  return errs;
}

/** Whether any schema node sets a default (defaults require preserveUnknownFields=false). */
export function schemaHasDefaults(s: unknown): boolean {
  if (!isObject(s)) return false;
  if (s.default !== undefined) return true;
  const children: unknown[] = [s.items, s.not, s.additionalProperties, ...(Array.isArray(s.items) ? s.items : [])];
  for (const k of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(s[k])) children.push(...(s[k] as unknown[]));
  for (const k of ['properties', 'patternProperties', 'definitions', 'dependencies']) if (isObject(s[k])) children.push(...Object.values(s[k] as object));
  return children.some(schemaHasDefaults);
}
