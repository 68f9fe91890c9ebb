// Swagger 2.0 JSON ⇄ gnostic's openapi.v2.Document protobuf, the form kubectl and helm fetch from
// /openapi/v2. Encoding goes through pbwriter.ts; decoding (tests, tools) through protobufjs and the
// proto text below. Field numbers follow google/gnostic openapiv2/OpenAPIv2.proto; only the messages
// and fields a Kubernetes document uses are declared (decoders skip the rest). Vendor extensions and
// schema values (default, enum, example) travel as Any{yaml: "<json>\n"}, as kube-openapi sends them.
import type * as PB from 'protobufjs';
import { createRequire } from 'node:module';
import type { Schema } from '../../api/openapi/schema.js';
import { encodeMessage } from './pbwriter.js';

const PROTO = `
syntax = "proto3";
package openapi.v2;
message AdditionalPropertiesItem { oneof oneof { Schema schema = 1; bool boolean = 2; } }
message Any { string yaml = 2; }
message ApiKeySecurity { string type = 1; string name = 2; string in = 3; string description = 4; repeated NamedAny vendor_extension = 5; }
message BodyParameter { string description = 1; string name = 2; string in = 3; bool required = 4; Schema schema = 5; repeated NamedAny vendor_extension = 6; }
message Definitions { repeated NamedSchema additional_properties = 1; }
message Document {
  string swagger = 1; Info info = 2; string host = 3; string base_path = 4; repeated string schemes = 5;
  repeated string consumes = 6; repeated string produces = 7; Paths paths = 8; Definitions definitions = 9;
  repeated SecurityRequirement security = 12; SecurityDefinitions security_definitions = 13;
  repeated NamedAny vendor_extension = 16;
}
message Info { string title = 1; string version = 2; string description = 3; string terms_of_service = 4; repeated NamedAny vendor_extension = 7; }
message ItemsItem { repeated Schema schema = 1; }
message JsonReference { string _ref = 1; string description = 2; }
message NamedAny { string name = 1; Any value = 2; }
message NamedPathItem { string name = 1; PathItem value = 2; }
message NamedResponseValue { string name = 1; ResponseValue value = 2; }
message NamedSchema { string name = 1; Schema value = 2; }
message NamedSecurityDefinitionsItem { string name = 1; SecurityDefinitionsItem value = 2; }
message NamedStringArray { string name = 1; StringArray value = 2; }
message NonBodyParameter { oneof oneof { QueryParameterSubSchema query_parameter_sub_schema = 3; PathParameterSubSchema path_parameter_sub_schema = 4; } }
message Operation {
  repeated string tags = 1; string summary = 2; string description = 3; string operation_id = 5;
  repeated string produces = 6; repeated string consumes = 7; repeated ParametersItem parameters = 8;
  Responses responses = 9; repeated string schemes = 10; bool deprecated = 11; repeated NamedAny vendor_extension = 13;
}
message Parameter { oneof oneof { BodyParameter body_parameter = 1; NonBodyParameter non_body_parameter = 2; } }
message ParametersItem { oneof oneof { Parameter parameter = 1; JsonReference json_reference = 2; } }
message PathItem {
  string _ref = 1; Operation get = 2; Operation put = 3; Operation post = 4; Operation delete = 5;
  Operation options = 6; Operation head = 7; Operation patch = 8; repeated ParametersItem parameters = 9;
  repeated NamedAny vendor_extension = 10;
}
message PathParameterSubSchema {
  bool required = 1; string in = 2; string description = 3; string name = 4; string type = 5; string format = 6;
  bool unique_items = 19; repeated NamedAny vendor_extension = 22;
}
message Paths { repeated NamedAny vendor_extension = 1; repeated NamedPathItem path = 2; }
message Properties { repeated NamedSchema additional_properties = 1; }
message QueryParameterSubSchema {
  bool required = 1; string in = 2; string description = 3; string name = 4; bool allow_empty_value = 5;
  string type = 6; string format = 7; bool unique_items = 20; repeated NamedAny vendor_extension = 23;
}
message Response { string description = 1; SchemaItem schema = 2; repeated NamedAny vendor_extension = 5; }
message ResponseValue { oneof oneof { Response response = 1; JsonReference json_reference = 2; } }
message Responses { repeated NamedResponseValue response_code = 1; repeated NamedAny vendor_extension = 2; }
message Schema {
  string _ref = 1; string format = 2; string title = 3; string description = 4; Any default = 5;
  double multiple_of = 6; double maximum = 7; bool exclusive_maximum = 8; double minimum = 9; bool exclusive_minimum = 10;
  int64 max_length = 11; int64 min_length = 12; string pattern = 13; int64 max_items = 14; int64 min_items = 15;
  bool unique_items = 16; int64 max_properties = 17; int64 min_properties = 18; repeated string required = 19;
  repeated Any enum = 20; AdditionalPropertiesItem additional_properties = 21; TypeItem type = 22; ItemsItem items = 23;
  repeated Schema all_of = 24; Properties properties = 25; string discriminator = 26; bool read_only = 27;
  Any example = 30; repeated NamedAny vendor_extension = 31;
}
message SchemaItem { oneof oneof { Schema schema = 1; } }
message SecurityDefinitions { repeated NamedSecurityDefinitionsItem additional_properties = 1; }
message SecurityDefinitionsItem { oneof oneof { ApiKeySecurity api_key_security = 2; } }
message SecurityRequirement { repeated NamedStringArray additional_properties = 1; }
message StringArray { repeated string value = 1; }
message TypeItem { repeated string value = 1; }
`;

let docType: PB.Type | undefined;
/** The openapi.v2.Document message type. protobufjs is loaded and the schema parsed on first use, keeping both off server startup. */
export function documentType(): PB.Type {
  if (!docType) {
    const protobuf = createRequire(import.meta.url)('protobufjs') as typeof PB;
    docType = protobuf.parse(PROTO, { keepCase: true }).root.lookupType('openapi.v2.Document');
  }
  return docType;
}

type Obj = Record<string, any>;
const any = (v: unknown) => ({ yaml: `${JSON.stringify(v)}\n` });
const fromAny = (a: Obj | undefined): unknown => (a?.yaml ? JSON.parse(a.yaml) : undefined);
const extensions = (o: Obj) =>
  Object.entries(o)
    .filter(([k, v]) => k.startsWith('x-') && v !== undefined)
    .map(([name, v]) => ({ name, value: any(v) }));
const setExtensions = (out: Obj, list: Obj[] | undefined) => {
  for (const e of list ?? []) out[e.name] = fromAny(e.value);
};

// Swagger key ↔ proto field for plain scalar schema fields.
const SCHEMA_SCALARS: [string, string][] = [
  ['$ref', '_ref'],
  ['format', 'format'],
  ['title', 'title'],
  ['description', 'description'],
  ['multipleOf', 'multiple_of'],
  ['maximum', 'maximum'],
  ['exclusiveMaximum', 'exclusive_maximum'],
  ['minimum', 'minimum'],
  ['exclusiveMinimum', 'exclusive_minimum'],
  ['maxLength', 'max_length'],
  ['minLength', 'min_length'],
  ['pattern', 'pattern'],
  ['maxItems', 'max_items'],
  ['minItems', 'min_items'],
  ['uniqueItems', 'unique_items'],
  ['maxProperties', 'max_properties'],
  ['minProperties', 'min_properties'],
  ['discriminator', 'discriminator'],
  ['readOnly', 'read_only'],
];

function toSchema(s: Schema): Obj {
  const out: Obj = {};
  for (const [k, f] of SCHEMA_SCALARS) if (s[k] !== undefined) out[f] = s[k];
  if (s.default !== undefined) out.default = any(s.default);
  if (s.example !== undefined) out.example = any(s.example);
  if (s.required) out.required = s.required;
  if (s.enum) out.enum = s.enum.map(any);
  if (s.type !== undefined) out.type = { value: Array.isArray(s.type) ? s.type : [s.type] };
  if (s.items !== undefined) out.items = { schema: (Array.isArray(s.items) ? s.items : [s.items]).map(toSchema) };
  if (typeof s.additionalProperties === 'boolean') out.additional_properties = { boolean: s.additionalProperties };
  else if (s.additionalProperties) out.additional_properties = { schema: toSchema(s.additionalProperties) };
  if (Array.isArray(s.allOf)) out.all_of = s.allOf.map((x) => toSchema(x as Schema));
  if (s.properties) out.properties = { additional_properties: Object.entries(s.properties).map(([name, v]) => ({ name, value: toSchema(v) })) };
  const ext = extensions(s);
  if (ext.length) out.vendor_extension = ext;
  return out;
}

// Definitions are shared, immutable objects (built-ins come from one cache), so their message form
// is kept per object; pbwriter likewise keeps sizes per message object. A rebuild after a CRD change
// then only converts the new definitions.
const schemaMessages = new WeakMap<Schema, Obj>();
function definitionMessage(s: Schema): Obj {
  let m = schemaMessages.get(s);
  if (!m) {
    m = toSchema(s);
    schemaMessages.set(s, m);
  }
  return m;
}

function fromSchema(p: Obj): Schema {
  const out: Schema = {};
  for (const [k, f] of SCHEMA_SCALARS) if (p[f] !== undefined) out[k] = p[f];
  if (p.default) out.default = fromAny(p.default);
  if (p.example) out.example = fromAny(p.example);
  if (p.required) out.required = p.required;
  if (p.enum) out.enum = p.enum.map(fromAny);
  if (p.type) out.type = p.type.value?.length === 1 ? p.type.value[0] : (p.type.value ?? []);
  if (p.items) out.items = fromSchema(p.items.schema?.[0] ?? {});
  if (p.additional_properties) out.additionalProperties = p.additional_properties.schema ? fromSchema(p.additional_properties.schema) : p.additional_properties.boolean === true;
  if (p.all_of) out.allOf = p.all_of.map(fromSchema);
  if (p.properties) {
    out.properties = {};
    for (const e of p.properties.additional_properties ?? []) out.properties[e.name] = fromSchema(e.value ?? {});
  }
  setExtensions(out, p.vendor_extension);
  return out;
}

function toParam(p: Obj): Obj {
  if (p.in === 'body') {
    const b: Obj = { name: p.name, in: 'body', schema: toSchema(p.schema) };
    if (p.description) b.description = p.description;
    if (p.required) b.required = true;
    return { parameter: { body_parameter: b } };
  }
  const sub: Obj = { name: p.name, in: p.in, description: p.description, type: p.type };
  if (p.required) sub.required = true;
  if (p.uniqueItems) sub.unique_items = true;
  const ext = extensions(p);
  if (ext.length) sub.vendor_extension = ext;
  const key = p.in === 'path' ? 'path_parameter_sub_schema' : 'query_parameter_sub_schema';
  return { parameter: { non_body_parameter: { [key]: sub } } };
}

function fromParam(p: Obj): Obj {
  const body = p.parameter?.body_parameter;
  if (body) {
    const out: Obj = { in: body.in, name: body.name, schema: fromSchema(body.schema ?? {}) };
    if (body.description) out.description = body.description;
    if (body.required) out.required = true;
    return out;
  }
  const nb = p.parameter?.non_body_parameter ?? {};
  const sub = nb.query_parameter_sub_schema ?? nb.path_parameter_sub_schema ?? {};
  const out: Obj = { description: sub.description, in: sub.in, name: sub.name };
  if (sub.required) out.required = true;
  out.type = sub.type;
  if (sub.unique_items) out.uniqueItems = true;
  setExtensions(out, sub.vendor_extension);
  return out;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function toOperation(o: Obj): Obj {
  const out: Obj = {
    tags: o.tags,
    description: o.description,
    operation_id: o.operationId,
    produces: o.produces,
    consumes: o.consumes,
    parameters: (o.parameters ?? []).map(toParam),
    responses: {
      response_code: Object.entries(o.responses as Obj).map(([name, r]) => {
        const resp: Obj = { description: r.description };
        if (r.schema) resp.schema = { schema: toSchema(r.schema) };
        return { name, value: { response: resp } };
      }),
    },
    schemes: o.schemes,
  };
  const ext = extensions(o);
  if (ext.length) out.vendor_extension = ext;
  return out;
}

function fromOperation(p: Obj): Obj {
  const responses: Obj = {};
  for (const r of p.responses?.response_code ?? []) {
    const resp = r.value?.response ?? {};
    responses[r.name] = resp.schema?.schema ? { description: resp.description, schema: fromSchema(resp.schema.schema) } : { description: resp.description };
  }
  const out: Obj = {
    consumes: p.consumes,
    description: p.description,
    operationId: p.operation_id,
    parameters: (p.parameters ?? []).map(fromParam),
    produces: p.produces,
    responses,
    schemes: p.schemes,
    tags: p.tags,
  };
  setExtensions(out, p.vendor_extension);
  return out;
}

/** Maps a Swagger 2.0 JSON document onto gnostic's message shape (snake_case proto fields). */
export function toGnostic(doc: Obj): Obj {
  return {
    swagger: doc.swagger,
    info: { title: doc.info.title, version: doc.info.version },
    paths: {
      path: Object.entries(doc.paths as Obj).map(([name, item]) => {
        const value: Obj = {};
        for (const m of METHODS) if (item[m]) value[m] = toOperation(item[m]);
        if (item.parameters) value.parameters = item.parameters.map(toParam);
        return { name, value };
      }),
    },
    definitions: { additional_properties: Object.entries(doc.definitions as Obj).map(([name, s]) => ({ name, value: definitionMessage(s) })) },
    security: (doc.security ?? []).map((req: Obj) => ({
      additional_properties: Object.entries(req).map(([name, scopes]) => ({ name, value: { value: scopes } })),
    })),
    security_definitions: {
      additional_properties: Object.entries((doc.securityDefinitions ?? {}) as Obj).map(([name, d]) => ({
        name,
        value: { api_key_security: { type: d.type, name: d.name, in: d.in, description: d.description } },
      })),
    },
  };
}

/** The inverse of toGnostic, for a decoded message converted with toObject. */
export function fromGnostic(p: Obj): Obj {
  const paths: Obj = {};
  for (const e of p.paths?.path ?? []) {
    const item: Obj = {};
    for (const m of METHODS) if (e.value?.[m]) item[m] = fromOperation(e.value[m]);
    if (e.value?.parameters) item.parameters = e.value.parameters.map(fromParam);
    paths[e.name] = item;
  }
  const definitions: Obj = {};
  for (const e of p.definitions?.additional_properties ?? []) definitions[e.name] = fromSchema(e.value ?? {});
  const securityDefinitions: Obj = {};
  for (const e of p.security_definitions?.additional_properties ?? []) {
    const k = e.value?.api_key_security ?? {};
    securityDefinitions[e.name] = { description: k.description, in: k.in, name: k.name, type: k.type };
  }
  return {
    swagger: p.swagger,
    info: { title: p.info?.title, version: p.info?.version },
    paths,
    definitions,
    securityDefinitions,
    security: (p.security ?? []).map((r: Obj) => Object.fromEntries((r.additional_properties ?? []).map((e: Obj) => [e.name, e.value?.value ?? []]))),
  };
}

/** Encodes a Swagger 2.0 JSON document as an openapi.v2.Document. */
export function encodeV2(doc: Obj): Buffer {
  return encodeMessage('Document', toGnostic(doc));
}

/** Decodes an openapi.v2.Document back to Swagger 2.0 JSON (with protobufjs and the proto text above). */
export function decodeV2(buf: Uint8Array): Obj {
  const t = documentType();
  return fromGnostic(t.toObject(t.decode(buf), { longs: Number, defaults: false }));
}
