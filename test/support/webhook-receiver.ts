// A webhook receiver for tests: a plain node:http server that keeps every delivery (raw body and
// headers, and when it came by the test's clock) and answers with the status the test sets, or not at all.
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Received = { headers: IncomingHttpHeaders; body: string; receivedAt: Date };

export type WebhookReceiver = {
  url: string;
  deliveries: Received[];
  /** The status every delivery is answered with (200 unless changed); 0: never answered. */
  status: number;
  close(): Promise<void>;
};

export async function startWebhookReceiver(options: { clock: () => Date; port?: number }): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = { url: '', deliveries: [], status: 200, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      receiver.deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), receivedAt: options.clock() });
      if (receiver.status) res.writeHead(receiver.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/roleport-hook`;
  receiver.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return receiver;
}
