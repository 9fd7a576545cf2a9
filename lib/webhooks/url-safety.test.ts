import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { guardedLookup, webhookUrlProblem } from "./url-safety";
import { sendWebhook } from "./send";

describe("webhook URL safety", () => {
  it("accepts public https URLs and refuses http, credentials and private or loopback targets", () => {
    const strict = { allowInsecure: false };
    expect(webhookUrlProblem("https://hooks.example.com/baton?x=1", strict)).toBeNull();
    expect(webhookUrlProblem("http://hooks.example.com/baton", strict)).toBe("must use https");
    expect(webhookUrlProblem("not a url", strict)).toMatch(/absolute URL/);
    expect(webhookUrlProblem("https://user:pw@example.com/", strict)).toMatch(/user name or password/);
    for (const host of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.10",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "[::1]",
      "[fd00::1]",
      "[fe80::1]",
      "[::ffff:127.0.0.1]",
      "localhost",
      "metadata.internal",
    ]) {
      expect(webhookUrlProblem(`https://${host}/hook`, strict), host).not.toBeNull();
    }
    expect(webhookUrlProblem("http://127.0.0.1:3000/hook", { allowInsecure: true })).toBeNull();
  });

  it("refuses a host name that resolves to loopback at connect time unless insecure targets are allowed", async () => {
    let hits = 0;
    const server = http.createServer((_req, res) => {
      hits++;
      res.writeHead(200).end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    const base = { body: "{}", headers: {}, timeoutMs: 2_000, responseLimitBytes: 4096 };
    try {
      // "localhost" passes the http check only when insecure is allowed; the lookup guard is what refuses it otherwise.
      const refused = await sendWebhook({ ...base, url: `https://localhost:${port}/`, allowInsecure: false });
      expect(refused.statusCode).toBeNull();
      expect(refused.error).toMatch(/public host name|private or loopback/);
      const allowed = await sendWebhook({ ...base, url: `http://localhost:${port}/`, allowInsecure: true });
      expect(allowed.statusCode).toBe(200);
      expect(hits).toBe(1);
    } finally {
      server.close();
    }
  });

  it("the connect-time lookup refuses names that resolve to private addresses (DNS rebinding)", async () => {
    const lookup = (allow: boolean) =>
      new Promise<{ err: Error | null; address: string }>((resolve) =>
        guardedLookup(allow)("localhost", { family: 4 }, (err, address) => resolve({ err, address: String(address) })),
      );
    const refused = await lookup(false);
    expect(refused.err?.name).toBe("BlockedAddressError");
    const allowed = await lookup(true);
    expect(allowed.err).toBeNull();
    expect(allowed.address).toBe("127.0.0.1");
  });
});
