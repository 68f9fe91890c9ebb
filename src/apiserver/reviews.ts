// POST for create-only kinds that are never stored (access reviews, TokenReview): decode, default,
// validate, and answer 201 with what the strategy's answerCreate computes.
import { Errors } from '../machinery/errors.js';
import type { AnswerContext } from '../registry/strategy.js';
import type { HandlerContext } from './handlers.js';
import { decodeAs, dryRunOf, sendCreated } from './subresources/body.js';

export async function handleAnswer(c: HandlerContext, ctx: AnswerContext): Promise<void> {
  const s = c.served.strategy;
  if (c.info.name || c.info.subresource) throw Errors.methodNotAllowed();
  const { obj, warnings } = await decodeAs(c, { group: s.group, version: s.version, kind: s.kind });
  if (s.namespaced) {
    if (obj.metadata.namespace && obj.metadata.namespace !== c.info.namespace)
      throw Errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    obj.metadata.namespace = c.info.namespace;
  }
  dryRunOf(c.query); // checked for its values; nothing is written either way
  s.defaults?.(obj);
  const errs = s.validate?.(obj) ?? [];
  if (errs.length) throw Errors.invalid({ group: s.group, kind: s.kind }, obj.metadata.name ?? '', errs);
  sendCreated(c, await s.answerCreate!(obj, ctx), warnings);
}
