// NamespaceLifecycle: objects may only be created in a namespace that exists and is not being
// terminated; the immortal namespaces cannot be deleted. Messages as upstream's plugin.
import { Errors } from '../../machinery/errors.js';
import type { PluginFactory } from '../plugin.js';

const immortal = new Set(['default', 'kube-system', 'kube-public']);

export const namespaceLifecycle: PluginFactory = () => {
  return {
    name: 'NamespaceLifecycle',
    async validate(a) {
      if (a.group === '' && a.resource === 'namespaces') {
        if (a.operation === 'DELETE' && immortal.has(a.name))
          throw Errors.forbidden({ group: '', resource: 'namespaces' }, a.name, 'this namespace may not be deleted');
        return;
      }
      if (!a.namespace) return;
      if (a.operation !== 'CREATE') return;
      const ns = await a.namespaceObject();
      if (!ns) throw Errors.notFound({ group: '', resource: 'namespaces' }, a.namespace);
      const phase = (ns as { status?: { phase?: string } }).status?.phase;
      if (phase === 'Terminating' || ns.metadata.deletionTimestamp)
        throw Errors.forbidden(
          { group: a.group, resource: a.resource },
          a.name,
          `unable to create new content in namespace ${a.namespace} because it is being terminated`,
        );
    },
  };
};
