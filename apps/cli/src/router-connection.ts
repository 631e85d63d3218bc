import { connect, type NatsConnection } from '@nats-io/transport-node';
import { RpcClient } from '@tranche/transport';

/**
 * Run one command against the router: connect to NATS (a refused connection says how to fix it),
 * hand over an RPC client with the command's timeout, and close the connection however it ends.
 */
export async function withRouter<T>(
  servers: string,
  timeoutMs: number,
  fn: (rpc: RpcClient, nc: NatsConnection) => Promise<T>,
): Promise<T> {
  const nc = await connect({ servers, name: 'tranche-cli' }).catch((e: Error) => {
    throw new Error(
      `cannot reach NATS at ${servers}: ${e.message}. Start the services (README) or pass --nats`,
    );
  });
  try {
    return await fn(new RpcClient(nc, timeoutMs), nc);
  } finally {
    await nc.close().catch(() => undefined);
  }
}
