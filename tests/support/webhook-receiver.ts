/**
 * A webhook receiver as an integrator would write it: a plain HTTP server on 127.0.0.1 that verifies
 * every request with the `standardwebhooks` library and records what arrived. `respond` decides the
 * answer per request (status, or hold the request open); `down()`/`up()` simulate an outage on the same port.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface Received {
  path: string;
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  payload: { type: string; timestamp: string; data: Record<string, unknown> };
  /** Verified against the secret registered for the path. */
  verified: boolean;
  at: number;
}

type Responder = (r: Received, n: number) => number | Promise<number>;

export async function startReceiver(port = 0) {
  const secrets = new Map<string, string>();
  const received: Received[] = [];
  let respond: Responder = () => 200;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = req.url ?? "/";
      const headers = {
        "webhook-id": String(req.headers["webhook-id"] ?? ""),
        "webhook-timestamp": String(req.headers["webhook-timestamp"] ?? ""),
        "webhook-signature": String(req.headers["webhook-signature"] ?? ""),
      };
      let verified = false;
      const secret = secrets.get(path);
      if (secret) {
        try {
          new Webhook(secret).verify(body, headers);
          verified = true;
        } catch {
          verified = false;
        }
      }
      const r: Received = {
        path,
        id: headers["webhook-id"],
        timestamp: headers["webhook-timestamp"],
        signature: headers["webhook-signature"],
        body,
        payload: JSON.parse(body),
        verified,
        at: Date.now(),
      };
      received.push(r);
      let status = 500;
      try {
        status = await respond(r, received.length);
      } catch {
        status = 500;
      }
      if (res.destroyed) return;
      res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : `status ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actualPort = (server.address() as AddressInfo).port;
  return {
    port: actualPort,
    received,
    url: (path: string) => `http://127.0.0.1:${actualPort}${path}`,
    secret(path: string, secret: string) {
      secrets.set(path, secret);
    },
    respondWith(fn: Responder) {
      respond = fn;
    },
    /** Stops accepting connections (connection refused) until up(). */
    async down() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async up() {
      await new Promise<void>((resolve) => server.listen(actualPort, "127.0.0.1", resolve));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
    async waitFor(pred: (all: Received[]) => boolean, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (!pred(received)) {
        if (Date.now() > until)
          throw new Error(`receiver: condition not met in ${timeoutMs} ms (${received.length} received)`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}
export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
