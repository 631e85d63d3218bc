import { headers } from '@nats-io/transport-node';
import { impact, risk, typeName, ErrorType, type ProtoType } from '@tranche/contracts';
import { decodeError, decodeMessage, encodeError, encodeMessage, isErrorReply } from './codec.js';
import { PayloadDecodeError } from './errors.js';
import { Headers } from './headers.js';
import { ProtobufServerDeserializer, ProtobufServerSerializer, InvalidPayload } from './nest-codec.js';
import type { Msg } from '@nats-io/transport-node';

const Estimate = impact.ImpactEstimate as unknown as ProtoType<impact.ImpactEstimate>;
const Req = impact.ImpactRequest as unknown as ProtoType<impact.ImpactRequest>;

function fakeMsg(subject: string, data: Uint8Array, h = headers(), reply = '_INBOX.x'): Msg {
  return { subject, data, headers: h, reply } as unknown as Msg;
}

describe('protobuf codec', () => {
  it('round-trips a message and names its type in a header', () => {
    const { data, headers: h } = encodeMessage(
      Estimate,
      Estimate.create({ baseBps: 3.5, model: 'square-root' }),
    );
    expect(h.get(Headers.messageType)).toBe('tranche.impact.v1.ImpactEstimate');
    expect(decodeMessage(Estimate, data, h, 's').baseBps).toBe(3.5);
  });

  it('sends a defaults-only message as a one-byte marker so it is never a zero-byte payload', () => {
    const { data, headers: h } = encodeMessage(Estimate, Estimate.create({}));
    expect(data.length).toBe(1);
    expect(h.get(Headers.empty)).toBe('1');
    expect(decodeMessage(Estimate, data, h, 's')).toEqual(Estimate.create({}));
  });

  it('refuses a zero-byte payload without the empty header', () => {
    expect(() => decodeMessage(Estimate, new Uint8Array(), headers(), 'impact.v1.estimate')).toThrow(
      PayloadDecodeError,
    );
  });

  it('refuses a payload whose type header names another message', () => {
    const { data, headers: h } = encodeMessage(Req, Req.create({ symbol: 'BTCUSDT' }));
    expect(() => decodeMessage(Estimate, data, h, 'x')).toThrow(
      /message-type header says tranche.impact.v1.ImpactRequest/,
    );
  });

  it('refuses garbage bytes', () => {
    expect(() =>
      decodeMessage(Req, new Uint8Array([0xff, 0xff, 0xff, 0xff]), headers(), 'impact.v1.estimate'),
    ).toThrow(PayloadDecodeError);
  });

  it('encodes an error reply that is recognisable by header', () => {
    const e = encodeError('BAD_REQUEST', 'symbol is required');
    expect(isErrorReply(e.headers)).toBe(true);
    expect(decodeError(e.data, e.headers)).toEqual({ code: 'BAD_REQUEST', message: 'symbol is required' });
    expect(typeName(ErrorType as ProtoType<unknown>)).toBe('tranche.common.v1.Error');
  });
});

describe(ProtobufServerDeserializer.name, () => {
  const sut = new ProtobufServerDeserializer();

  it('decodes a request by subject and keeps the caller request id', () => {
    const h = headers();
    h.set(Headers.requestId, 'req-1');
    const { data } = encodeMessage(Req, Req.create({ symbol: 'BTCUSDT' }), h);
    const out = sut.deserialize(fakeMsg('impact.v1.estimate', data, h), { channel: 'impact.v1.estimate' });
    expect(out).toMatchObject({ id: 'req-1', pattern: 'impact.v1.estimate' });
    expect((out.data as impact.ImpactRequest).symbol).toBe('BTCUSDT');
  });

  it('treats a message without a reply subject as an event', () => {
    const { data, headers: h } = encodeMessage(Req, Req.create({ symbol: 'X' }));
    const out = sut.deserialize(fakeMsg('impact.v1.estimate', data, h, ''), {
      channel: 'impact.v1.estimate',
    });
    expect('id' in out).toBe(false);
  });

  it('hands the handler an InvalidPayload instead of throwing on garbage', () => {
    const out = sut.deserialize(fakeMsg('risk.v1.validate', new Uint8Array([0xff, 0x01])), {
      channel: 'risk.v1.validate',
    });
    expect(out.data).toBeInstanceOf(InvalidPayload);
    expect((out.data as InvalidPayload).expectedType).toBe('tranche.risk.v1.RiskRequest');
  });
});

describe(ProtobufServerSerializer.name, () => {
  const sut = new ProtobufServerSerializer();

  it('takes the reply type from the response instance', () => {
    const v = risk.RiskVerdict.create({ quantity: '0.5', decision: risk.RiskDecision.RISK_DECISION_APPROVE });
    const out = sut.serialize({ id: 'r1', response: v, isDisposed: true });
    expect(out.headers.get(Headers.messageType)).toBe('tranche.risk.v1.RiskVerdict');
    expect(out.headers.get(Headers.requestId)).toBe('r1');
  });

  it('encodes a coded error as an error reply', () => {
    const out = sut.serialize({ id: 'r1', err: { code: 'BAD_PAYLOAD', message: 'nope' }, isDisposed: true });
    expect(decodeError(out.data, out.headers)).toEqual({ code: 'BAD_PAYLOAD', message: 'nope' });
  });

  it('never sends a plain object as if it were protobuf', () => {
    const out = sut.serialize({ id: 'r1', response: { quantity: '1' }, isDisposed: true });
    expect(decodeError(out.data, out.headers).code).toBe('INTERNAL');
  });
});
