import 'reflect-metadata';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { impact, Subjects } from '@tranche/contracts';
import { startNatsServer, type ManagedServer } from '@tranche/testing';
import {
  BadRequestError,
  createNatsMicroservice,
  RpcClient,
  RpcHandler,
  RpcNoRespondersError,
  RpcRemoteError,
  RpcTimeoutError,
} from '../src/index.js';

@Controller()
class EchoImpactController {
  @RpcHandler(Subjects.impactEstimate)
  async estimate(req: impact.ImpactRequest): Promise<impact.ImpactEstimate> {
    if (!req.symbol) throw new BadRequestError('symbol is required');
    if (req.symbol === 'SLOW') await new Promise((r) => setTimeout(r, 400));
    return impact.ImpactEstimate.create({ baseBps: Number(req.quantity), model: `echo:${req.symbol}` });
  }
}

@Module({ controllers: [EchoImpactController] })
class EchoModule {}

describe('RPC over a real nats-server', () => {
  let nats: ManagedServer;
  let app: INestMicroservice;
  let nc: NatsConnection;
  let client: RpcClient;

  beforeAll(async () => {
    nats = await startNatsServer();
    app = await createNatsMicroservice(EchoModule, {
      natsUrl: nats.url,
      queue: 'impact',
      name: 'impact-test',
    });
    await app.listen();
    nc = await connect({ servers: nats.url });
    client = new RpcClient(nc, 2000);
  });

  afterAll(async () => {
    await nc?.close();
    await app?.close();
    await nats?.dispose();
  });

  it('answers a typed request with a typed reply', async () => {
    const reply = await client.request(
      Subjects.impactEstimate,
      impact.ImpactRequest.create({ symbol: 'BTCUSDT', quantity: '7' }),
    );
    expect(reply).toBeInstanceOf(impact.ImpactEstimate);
    expect(reply.model).toBe('echo:BTCUSDT');
    expect(reply.baseBps).toBe(7);
  });

  it('maps a handler error to a remote error with its code', async () => {
    const err = await client
      .request(Subjects.impactEstimate, impact.ImpactRequest.create({}))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcRemoteError);
    expect((err as RpcRemoteError).remoteCode).toBe('BAD_REQUEST');
    expect((err as Error).message).toContain('symbol is required');
  });

  it('replies BAD_PAYLOAD to garbage and keeps serving', async () => {
    const raw = await nc.request(Subjects.impactEstimate, new Uint8Array([0xff, 0xfe, 0xfd]), {
      timeout: 2000,
    });
    expect(raw.headers?.get('tranche-error')).toBe('1');
    const ok = await client.request(
      Subjects.impactEstimate,
      impact.ImpactRequest.create({ symbol: 'ETHUSDT', quantity: '1' }),
    );
    expect(ok.model).toBe('echo:ETHUSDT');
  });

  it('fails with a timeout error when the deadline passes', async () => {
    const err = await client
      .request(Subjects.impactEstimate, impact.ImpactRequest.create({ symbol: 'SLOW', quantity: '1' }), {
        timeoutMs: 50,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcTimeoutError);
  });

  it('fails with a no-responders error when nobody listens', async () => {
    const err = await client
      .request(Subjects.riskValidate, {} as never, { timeoutMs: 1000 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcNoRespondersError);
  });
});
