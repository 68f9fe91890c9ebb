// Shape of the field-number tables. Each API package gets one file of facts taken from upstream
// generated.proto: message → proto field number → JSON property name (the name in the OpenAPI
// definitions, which is the Go json tag; it differs from the proto name in a few places).
//
// A property may carry one prefix:
//   '*name'   the Go field is a pointer scalar, so an explicit zero ("", 0, false) is meaningful and
//             kept; without it a zero scalar means "unset" (gogo writes non-pointer zeros anyway).
//   '=Msg'    the Go struct is embedded with `json:",inline"`: the sub-message's fields land in the
//             enclosing JSON object. Msg is a message of the same package, or a full definition name.

export type FieldSpec = string;

export interface FieldTable {
  /** Definition-name prefix of the package, e.g. 'io.k8s.api.core.v1'. */
  package: string;
  messages: Record<string, Record<number, FieldSpec>>;
}
