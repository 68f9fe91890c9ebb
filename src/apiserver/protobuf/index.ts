// Protobuf request bodies (application/vnd.kubernetes.protobuf): the `k8s\0` envelope around
// runtime.Unknown, whose raw bytes are the typed message of k8s.io/api's generated.proto.
import { Errors } from '../../machinery/errors.js';
import type { AnyStrategy } from '../../registry/strategy.js';

/** Decode a protobuf body into the JSON shape of the strategy's kind. */
export function decodeProtobuf(_body: Buffer, strategy: AnyStrategy): unknown {
  throw Errors.unsupportedMediaType('application/vnd.kubernetes.protobuf', [`application/json (protobuf ${strategy.kind} not yet decoded)`]);
}
