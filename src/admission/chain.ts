// The admission chain: a literal, ordered list of plugins, run mutating-first then validating,
// as kube-apiserver's --enable-admission-plugins would.
import type { KObject } from '../api/object.js';
import { defaultTolerationSeconds } from './defaulttolerationseconds/plugin.js';
import { namespaceLifecycle } from './namespacelifecycle/plugin.js';
import { nodeRestriction } from './noderestriction/plugin.js';
import type { AdmissionAttributes, AdmissionPlugin, AdmissionPorts, AdmissionResult, PluginFactory } from './plugin.js';
import { podSecurity } from './podsecurity/admission.js';

/** Every plugin Kubette knows, by upstream name. Order here is the order they run. */
export const pluginFactories: Record<string, PluginFactory> = {
  NamespaceLifecycle: namespaceLifecycle,
  PodSecurity: podSecurity,
  // Upstream orders it before PodSecurity; it rejects in the mutating phase, so it runs first all the same.
  NodeRestriction: nodeRestriction,
  DefaultTolerationSeconds: defaultTolerationSeconds,
};

/**
 * On unless disabled. NodeRestriction is not on by default in kube-apiserver v1.25, but kubeadm
 * enables it and Kubette is secure by default; the rest are v1.25's defaults.
 */
export const defaultPlugins = ['NamespaceLifecycle', 'PodSecurity', 'NodeRestriction', 'DefaultTolerationSeconds'];

/** A request's attributes before the object is known; the chain adds the object and the namespace reader. */
export type RequestAttributes = Omit<AdmissionAttributes, 'object' | 'oldObject' | 'namespaceObject'>;

export interface RequestAdmission {
  admit(obj: KObject | undefined, old: KObject | undefined): Promise<AdmissionResult>;
  validate(obj: KObject | undefined, old: KObject | undefined): Promise<AdmissionResult>;
}

export class AdmissionChain {
  constructor(
    private readonly plugins: AdmissionPlugin[],
    private readonly ports: AdmissionPorts,
  ) {}

  /**
   * The plugins named, in pluginFactories' order, each given its section of the configuration file;
   * then `builtIn` checks that always run after them (the API server's own, such as RBAC's escalation
   * guard, which upstream keeps in its storage and cannot be turned off).
   */
  static build(names: string[], ports: AdmissionPorts, configurations: Record<string, unknown> = {}, builtIn: AdmissionPlugin[] = []): AdmissionChain {
    for (const n of names) if (!pluginFactories[n]) throw new Error(`unknown admission plugin ${JSON.stringify(n)}: known are ${Object.keys(pluginFactories).join(', ')}`);
    for (const n of Object.keys(configurations))
      if (!pluginFactories[n]) throw new Error(`admission configuration names unknown plugin ${JSON.stringify(n)}: known are ${Object.keys(pluginFactories).join(', ')}`);
    const enabled = Object.keys(pluginFactories).filter((n) => names.includes(n));
    return new AdmissionChain(
      enabled.map((n) => {
        try {
          return pluginFactories[n]!(ports, configurations[n]);
        } catch (err) {
          throw new Error(`couldn't init admission plugin "${n}": ${(err as Error).message}`);
        }
      }).concat(builtIn),
      ports,
    );
  }

  get names(): string[] {
    return this.plugins.map((p) => p.name);
  }

  /** Admission for one request: both phases share one lazy read of the request's namespace. */
  request(base: RequestAttributes): RequestAdmission {
    let ns: Promise<KObject | undefined> | undefined;
    const namespaceObject = () => (ns ??= base.namespace ? this.ports.getNamespace(base.namespace) : Promise.resolve(undefined));
    // A create's name is the object's (the store may have generated it); the URL has none.
    const attrs = (object: KObject | undefined, oldObject: KObject | undefined): AdmissionAttributes => ({
      ...base,
      name: object?.metadata?.name ?? base.name,
      object,
      oldObject,
      namespaceObject,
    });
    return {
      admit: (obj, old) => this.run(attrs(obj, old), 'admit'),
      validate: (obj, old) => this.run(attrs(obj, old), 'validate'),
    };
  }

  private async run(attrs: AdmissionAttributes, phase: 'admit' | 'validate'): Promise<AdmissionResult> {
    const out: AdmissionResult = {};
    for (const p of this.plugins) {
      const r = await p[phase]?.(attrs);
      if (!r) continue;
      if (r.warnings?.length) (out.warnings ??= []).push(...r.warnings);
    }
    return out;
  }
}
