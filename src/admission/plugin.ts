// Admission plugins: the checks between decoding a request and storing it. A plugin may mutate
// (admit) and/or validate; it rejects by throwing a StatusError and may return warnings.
// Plugins never touch storage: whatever they need to look up comes through AdmissionPorts.
import type { KObject } from '../api/object.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface AdmissionAttributes {
  operation: Operation;
  group: string;
  version: string;
  kind: string;
  resource: string;
  subresource: string;
  namespace: string;
  name: string;
  /** The object being written (mutable in admit); absent for DELETE. */
  object?: KObject;
  oldObject?: KObject;
  dryRun: boolean;
}

export interface AdmissionResult {
  warnings?: string[];
  /** Audit annotations (key → value) recorded with the request. */
  auditAnnotations?: Record<string, string>;
}

export interface AdmissionPlugin {
  readonly name: string;
  /** Mutating phase: may change attrs.object in place. */
  admit?(attrs: AdmissionAttributes): Promise<AdmissionResult | void>;
  /** Validating phase: runs after defaulting and the strategy's validation. */
  validate?(attrs: AdmissionAttributes): Promise<AdmissionResult | void>;
}

/** What plugins may read from the cluster, provided by the server. */
export interface AdmissionPorts {
  getNamespace(name: string): Promise<KObject | undefined>;
}
