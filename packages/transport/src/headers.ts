import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import type { HeaderCarrier } from '@tranche/telemetry';

/** Header names; lower-case because NATS headers are case-sensitive on the wire. */
export const Headers = {
  /** Fully qualified protobuf name of the payload, e.g. tranche.risk.v1.RiskVerdict. */
  messageType: 'tranche-type',
  /** Correlates a reply with its request across retries and logs. */
  requestId: 'tranche-request-id',
  /** Set when the payload is an encoded tranche.common.v1.Error. */
  error: 'tranche-error',
  /** Set when the message encodes to zero bytes and a one-byte marker stands in its place. */
  empty: 'tranche-empty',
} as const;

export function newHeaders(): MsgHdrs {
  return natsHeaders();
}

/** Adapt nats.js MsgHdrs to the telemetry carrier (get/set). */
export function carrier(h: MsgHdrs | undefined): HeaderCarrier {
  const target = h ?? natsHeaders();
  return {
    get: (key) => target.get(key),
    set: (key, value) => target.set(key, value),
  };
}
