// The admission chain: a literal, ordered list of plugins, run mutating-first then validating,
// as kube-apiserver's --enable-admission-plugins would.
import type { AdmissionAttributes, AdmissionPlugin, AdmissionPorts, AdmissionResult } from './plugin.js';
import { namespaceLifecycle } from './namespacelifecycle/plugin.js';

export type PluginFactory = (ports: AdmissionPorts) => AdmissionPlugin;

/** Every plugin Kubette knows, by upstream name. Order here is the order they run. */
export const pluginFactories: Record<string, PluginFactory> = {
  NamespaceLifecycle: namespaceLifecycle,
};

export const defaultPlugins = ['NamespaceLifecycle'];

export class AdmissionChain {
  constructor(private readonly plugins: AdmissionPlugin[]) {}

  static build(names: string[], ports: AdmissionPorts): AdmissionChain {
    return new AdmissionChain(
      names.map((n) => {
        const f = pluginFactories[n];
        if (!f) throw new Error(`unknown admission plugin ${JSON.stringify(n)}`);
        return f(ports);
      }),
    );
  }

  async admit(attrs: AdmissionAttributes): Promise<AdmissionResult> {
    return this.run(attrs, 'admit');
  }

  async validate(attrs: AdmissionAttributes): Promise<AdmissionResult> {
    return this.run(attrs, 'validate');
  }

  private async run(attrs: AdmissionAttributes, phase: 'admit' | 'validate'): Promise<AdmissionResult> {
    const out: AdmissionResult = {};
    for (const p of this.plugins) {
      const r = await p[phase]?.(attrs);
      if (!r) continue;
      if (r.warnings?.length) (out.warnings ??= []).push(...r.warnings);
      if (r.auditAnnotations) Object.assign((out.auditAnnotations ??= {}), r.auditAnnotations);
    }
    return out;
  }
}
