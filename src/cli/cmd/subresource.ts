// --subresource on get, patch, edit and replace. kubectl 1.25 accepts "status" and "scale" and
// completes both for every type; we complete only the ones the typed resource really has.
import type { FlagDef } from '../flags.js';
import type { Factory } from '../factory.js';

export const SUBRESOURCES = ['status', 'scale'];

export const SUBRESOURCE_FLAG: FlagDef = {
  name: 'subresource',
  type: 'string',
  usage: 'If specified, gets the subresource of the requested object. Must be one of [status scale]. This flag is alpha and may change in the future.',
  complete: async (ctx) => {
    const word = ctx.args[0];
    if (!word || !ctx.factory) return [];
    const type = word.includes('/') ? word.slice(0, word.indexOf('/')) : word.split(',')[0]!;
    try {
      const info = await (ctx.factory as Factory).resource(type);
      return SUBRESOURCES.filter((s) => info.subresources.includes(s)).sort();
    } catch {
      return [];
    }
  },
};

/** kubectl's check of the flag's value. */
export function checkSubresource(value: string): string | undefined {
  if (value && !SUBRESOURCES.includes(value)) return `invalid subresource value: "${value}". Must be one of [status scale]`;
  return undefined;
}
