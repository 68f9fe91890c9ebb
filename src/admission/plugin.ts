// Admission plugins: the checks between decoding a request and storing it. A plugin may mutate
// (admit) and/or validate; it rejects by throwing a StatusError, may return warnings and may
// annotate the request's audit event. Plugins never touch storage: whatever they need to look up comes through
// AdmissionPorts or the request's attributes.
import type { KObject } from '../api/object.js';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

import type { UserInfo } from '../api/user.js';
export type { UserInfo } from '../api/user.js';

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
  user: UserInfo;
  /** The request's namespace object, read at most once per request however many plugins ask. */
  namespaceObject(): Promise<KObject | undefined>;
  /** Record an annotation on the request's audit event; kept even when the plugin then rejects. */
  addAuditAnnotation(key: string, value: string): void;
}

export interface AdmissionResult {
  warnings?: string[];
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
  /** Every pod in a namespace (PodSecurity checks them when a namespace's enforce level tightens). */
  listPods(namespace: string): Promise<KObject[]>;
  /** One pod, or undefined when there is none (NodeRestriction: is the pod bound to the asking node). */
  getPod(namespace: string, name: string): Promise<KObject | undefined>;
  /** One Node, or undefined (NodeRestriction: a mirror pod's owner reference must carry its node's uid). */
  getNode(name: string): Promise<KObject | undefined>;
}

/**
 * A plugin from its ports and its section of the AdmissionConfiguration file (undefined when the
 * file has none). A bad configuration throws an Error naming the field.
 */
export type PluginFactory = (ports: AdmissionPorts, configuration?: unknown) => AdmissionPlugin;
