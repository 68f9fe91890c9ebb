// A small table-driven protobuf (proto3) encoder for gnostic's openapi.v2 messages. Faster to
// first use than protobufjs (no parsing or code generation, ~0.1 s saved on the first
// /openapi/v2), and independent of the proto text in gnostic.ts, which the tests decode with.
// Field numbers: google/gnostic openapiv2/OpenAPIv2.proto. Zero scalars are omitted, as Go's
// proto3 marshalling does; present sub-messages are written even when empty.

type Kind = 'string' | 'bool' | 'double' | 'int64' | string;
type Field = readonly [num: number, kind: Kind, repeated?: true];
type MessageSpec = Record<string, Field>;

const NAMED_ANY: MessageSpec = { name: [1, 'string'], value: [2, 'Any'] };
const VX = (n: number): Field => [n, 'NamedAny', true];

export const MESSAGES: Record<string, MessageSpec> = {
  Document: {
    swagger: [1, 'string'],
    info: [2, 'Info'],
    host: [3, 'string'],
    base_path: [4, 'string'],
    schemes: [5, 'string', true],
    consumes: [6, 'string', true],
    produces: [7, 'string', true],
    paths: [8, 'Paths'],
    definitions: [9, 'Definitions'],
    security: [12, 'SecurityRequirement', true],
    security_definitions: [13, 'SecurityDefinitions'],
    vendor_extension: VX(16),
  },
  Info: { title: [1, 'string'], version: [2, 'string'], description: [3, 'string'], terms_of_service: [4, 'string'], vendor_extension: VX(7) },
  Paths: { vendor_extension: VX(1), path: [2, 'NamedPathItem', true] },
  NamedPathItem: { name: [1, 'string'], value: [2, 'PathItem'] },
  PathItem: {
    _ref: [1, 'string'],
    get: [2, 'Operation'],
    put: [3, 'Operation'],
    post: [4, 'Operation'],
    delete: [5, 'Operation'],
    options: [6, 'Operation'],
    head: [7, 'Operation'],
    patch: [8, 'Operation'],
    parameters: [9, 'ParametersItem', true],
    vendor_extension: VX(10),
  },
  Operation: {
    tags: [1, 'string', true],
    summary: [2, 'string'],
    description: [3, 'string'],
    operation_id: [5, 'string'],
    produces: [6, 'string', true],
    consumes: [7, 'string', true],
    parameters: [8, 'ParametersItem', true],
    responses: [9, 'Responses'],
    schemes: [10, 'string', true],
    deprecated: [11, 'bool'],
    vendor_extension: VX(13),
  },
  ParametersItem: { parameter: [1, 'Parameter'], json_reference: [2, 'JsonReference'] },
  JsonReference: { _ref: [1, 'string'], description: [2, 'string'] },
  Parameter: { body_parameter: [1, 'BodyParameter'], non_body_parameter: [2, 'NonBodyParameter'] },
  BodyParameter: { description: [1, 'string'], name: [2, 'string'], in: [3, 'string'], required: [4, 'bool'], schema: [5, 'Schema'], vendor_extension: VX(6) },
  NonBodyParameter: { query_parameter_sub_schema: [3, 'QueryParameterSubSchema'], path_parameter_sub_schema: [4, 'PathParameterSubSchema'] },
  QueryParameterSubSchema: {
    required: [1, 'bool'],
    in: [2, 'string'],
    description: [3, 'string'],
    name: [4, 'string'],
    allow_empty_value: [5, 'bool'],
    type: [6, 'string'],
    format: [7, 'string'],
    unique_items: [20, 'bool'],
    vendor_extension: VX(23),
  },
  PathParameterSubSchema: {
    required: [1, 'bool'],
    in: [2, 'string'],
    description: [3, 'string'],
    name: [4, 'string'],
    type: [5, 'string'],
    format: [6, 'string'],
    unique_items: [19, 'bool'],
    vendor_extension: VX(22),
  },
  Responses: { response_code: [1, 'NamedResponseValue', true], vendor_extension: VX(2) },
  NamedResponseValue: { name: [1, 'string'], value: [2, 'ResponseValue'] },
  ResponseValue: { response: [1, 'Response'], json_reference: [2, 'JsonReference'] },
  Response: { description: [1, 'string'], schema: [2, 'SchemaItem'], vendor_extension: VX(5) },
  SchemaItem: { schema: [1, 'Schema'] },
  Schema: {
    _ref: [1, 'string'],
    format: [2, 'string'],
    title: [3, 'string'],
    description: [4, 'string'],
    default: [5, 'Any'],
    multiple_of: [6, 'double'],
    maximum: [7, 'double'],
    exclusive_maximum: [8, 'bool'],
    minimum: [9, 'double'],
    exclusive_minimum: [10, 'bool'],
    max_length: [11, 'int64'],
    min_length: [12, 'int64'],
    pattern: [13, 'string'],
    max_items: [14, 'int64'],
    min_items: [15, 'int64'],
    unique_items: [16, 'bool'],
    max_properties: [17, 'int64'],
    min_properties: [18, 'int64'],
    required: [19, 'string', true],
    enum: [20, 'Any', true],
    additional_properties: [21, 'AdditionalPropertiesItem'],
    type: [22, 'TypeItem'],
    items: [23, 'ItemsItem'],
    all_of: [24, 'Schema', true],
    properties: [25, 'Properties'],
    discriminator: [26, 'string'],
    read_only: [27, 'bool'],
    example: [30, 'Any'],
    vendor_extension: VX(31),
  },
  AdditionalPropertiesItem: { schema: [1, 'Schema'], boolean: [2, 'bool'] },
  TypeItem: { value: [1, 'string', true] },
  ItemsItem: { schema: [1, 'Schema', true] },
  Properties: { additional_properties: [1, 'NamedSchema', true] },
  Definitions: { additional_properties: [1, 'NamedSchema', true] },
  NamedSchema: { name: [1, 'string'], value: [2, 'Schema'] },
  Any: { yaml: [2, 'string'] },
  NamedAny: NAMED_ANY,
  SecurityRequirement: { additional_properties: [1, 'NamedStringArray', true] },
  NamedStringArray: { name: [1, 'string'], value: [2, 'StringArray'] },
  StringArray: { value: [1, 'string', true] },
  SecurityDefinitions: { additional_properties: [1, 'NamedSecurityDefinitionsItem', true] },
  NamedSecurityDefinitionsItem: { name: [1, 'string'], value: [2, 'SecurityDefinitionsItem'] },
  SecurityDefinitionsItem: { api_key_security: [2, 'ApiKeySecurity'] },
  ApiKeySecurity: { type: [1, 'string'], name: [2, 'string'], in: [3, 'string'], description: [4, 'string'], vendor_extension: VX(5) },
};

type Obj = Record<string, unknown>;

const varintSize = (n: number) => {
  let size = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
};

// Sizes are computed once per message object, then reused by the write pass.
const sizes = new WeakMap<object, number>();

interface Compiled {
  name: string;
  num: number;
  kind: Kind;
  repeated: boolean;
  tagSize: number;
}
const compiled = new Map<string, Compiled[]>();
function fieldsOf(type: string): Compiled[] {
  let c = compiled.get(type);
  if (!c) {
    const spec = MESSAGES[type];
    if (!spec) throw new Error(`protobuf: unknown message ${type}`);
    c = Object.entries(spec).map(([name, [num, kind, repeated]]) => ({ name, num, kind, repeated: !!repeated, tagSize: varintSize(num << 3) }));
    compiled.set(type, c);
  }
  return c;
}

function isDefault(kind: Kind, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (kind === 'string') return v === '';
  if (kind === 'bool') return v === false;
  if (kind === 'double' || kind === 'int64') return v === 0;
  return false;
}

function int64Size(n: number): number {
  return n < 0 ? 10 : varintSize(n);
}

function valueSize(kind: Kind, v: unknown): number {
  switch (kind) {
    case 'string': {
      const n = Buffer.byteLength(v as string);
      return varintSize(n) + n;
    }
    case 'bool':
      return 1;
    case 'double':
      return 8;
    case 'int64':
      return int64Size(v as number);
    default: {
      const n = messageSize(kind, v as Obj);
      return varintSize(n) + n;
    }
  }
}

function messageSize(type: string, obj: Obj): number {
  const cached = sizes.get(obj);
  if (cached !== undefined) return cached;
  let size = 0;
  for (const f of fieldsOf(type)) {
    const v = obj[f.name];
    if (f.repeated) {
      if (Array.isArray(v)) for (const x of v) size += f.tagSize + valueSize(f.kind, x);
    } else if (!isDefault(f.kind, v)) size += f.tagSize + valueSize(f.kind, v);
  }
  sizes.set(obj, size);
  return size;
}

class Out {
  pos = 0;
  constructor(readonly buf: Buffer) {}
  varint(n: number): void {
    while (n >= 128) {
      this.buf[this.pos++] = (n % 128) | 128;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
  }
  int64(n: number): void {
    if (n >= 0) return this.varint(n);
    let b = BigInt.asUintN(64, BigInt(n));
    while (b >= 128n) {
      this.buf[this.pos++] = Number(b & 127n) | 128;
      b >>= 7n;
    }
    this.buf[this.pos++] = Number(b);
  }
}

function writeValue(out: Out, num: number, kind: Kind, v: unknown): void {
  switch (kind) {
    case 'string': {
      out.varint((num << 3) | 2);
      const s = v as string;
      out.varint(Buffer.byteLength(s));
      out.pos += out.buf.write(s, out.pos);
      return;
    }
    case 'bool':
      out.varint(num << 3);
      out.buf[out.pos++] = v ? 1 : 0;
      return;
    case 'double':
      out.varint((num << 3) | 1);
      out.buf.writeDoubleLE(v as number, out.pos);
      out.pos += 8;
      return;
    case 'int64':
      out.varint(num << 3);
      out.int64(v as number);
      return;
    default:
      out.varint((num << 3) | 2);
      out.varint(messageSize(kind, v as Obj));
      writeMessage(out, kind, v as Obj);
  }
}

function writeMessage(out: Out, type: string, obj: Obj): void {
  for (const f of fieldsOf(type)) {
    const v = obj[f.name];
    if (f.repeated) {
      if (Array.isArray(v)) for (const x of v) writeValue(out, f.num, f.kind, x);
    } else if (!isDefault(f.kind, v)) writeValue(out, f.num, f.kind, v);
  }
}

/** Encodes a plain object shaped like the named gnostic message (snake_case field names). */
export function encodeMessage(type: string, obj: Obj): Buffer {
  const out = new Out(Buffer.allocUnsafe(messageSize(type, obj)));
  writeMessage(out, type, obj);
  if (out.pos !== out.buf.length) throw new Error(`protobuf: wrote ${out.pos} of ${out.buf.length} bytes`);
  return out.buf;
}
