// k8s.io/apimachinery pkg/runtime generated.proto field numbers, plus the envelope magic. These
// messages are decoded by hand, not through a FieldTable.

/** The 4 bytes in front of every protobuf-encoded object: "k8s\0". */
export const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** runtime.Unknown: the envelope after the magic. */
export const Unknown = { typeMeta: 1, raw: 2, contentEncoding: 3, contentType: 4 } as const;
/** runtime.TypeMeta. */
export const TypeMeta = { apiVersion: 1, kind: 2 } as const;
/** runtime.RawExtension: its JSON (or other encoding) bytes. */
export const RawExtension = { raw: 1 } as const;

/**
 * authentication/v1 and authorization/v1 ExtraValue (a named []string given a message so it can be
 * a map value): JSON shows just the array.
 */
export const ExtraValue = { items: 1 } as const;

/** Every map<K,V> field is a repeated entry message {1: key, 2: value}. */
export const MapEntry = { key: 1, value: 2 } as const;

export const RAW_EXTENSION_DEF = 'io.k8s.apimachinery.pkg.runtime.RawExtension';
