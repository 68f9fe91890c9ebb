// The JSON-schema shape shared by generated definitions, Swagger 2.0 definitions and CRD schemas
// (apiextensions JSONSchemaProps). One loose type keeps the walkers simple; vendor extensions
// (x-kubernetes-*) ride along under their own keys.

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  enum?: unknown[];
  default?: unknown;
  nullable?: boolean;
  [key: string]: unknown;
}

export type Definitions = Record<string, Schema>;

export interface GroupVersionKind {
  group: string;
  kind: string;
  version: string;
}
