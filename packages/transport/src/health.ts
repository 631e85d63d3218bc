import { createServer, type Server } from 'node:http';

export type HealthCheck = () => Promise<{ ok: boolean; detail?: Record<string, unknown> }>;

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A plain HTTP endpoint for probes: GET /healthz (liveness) answers 200 while
 * the process runs; GET /readyz answers 200 only while every dependency check
 * passes, so Kubernetes stops routing to a replica that lost NATS or Redis.
 */
export async function startHealthServer(
  port: number,
  ready: HealthCheck,
  host = '0.0.0.0',
): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (req.url === '/readyz') {
      ready().then(
        (r) =>
          res
            .writeHead(r.ok ? 200 : 503, { 'content-type': 'application/json' })
            .end(JSON.stringify({ status: r.ok ? 'ready' : 'not-ready', ...r.detail })),
        (err: Error) =>
          res
            .writeHead(503, { 'content-type': 'application/json' })
            .end(JSON.stringify({ status: 'not-ready', error: err.message })),
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
