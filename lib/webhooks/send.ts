/**
 * One HTTP attempt: POST with a hard timeout, redirects never followed (a 3xx is just a failed
 * attempt), the response body read up to a small limit and the connection then dropped.
 * node:http rather than fetch: it lets the DNS lookup refuse private addresses at connect time.
 */
import http from "node:http";
import https from "node:https";
import { guardedLookup, webhookUrlProblem } from "./url-safety";

export interface SendResult {
  statusCode: number | null;
  latencyMs: number;
  responseBody: string | null;
  /** Why no HTTP status came back (timeout, refused, blocked address …), in plain words. */
  error: string | null;
}

export async function sendWebhook({
  url,
  body,
  headers,
  timeoutMs,
  responseLimitBytes,
  allowInsecure,
  signal,
}: {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  responseLimitBytes: number;
  allowInsecure: boolean;
  signal?: AbortSignal;
}): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const problem = webhookUrlProblem(url, { allowInsecure });
  if (problem) return { statusCode: null, latencyMs: 0, responseBody: null, error: `The URL ${problem}` };
  const target = new URL(url);
  const client = target.protocol === "https:" ? https : http;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (r: Omit<SendResult, "latencyMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      resolve({ ...r, latencyMs: elapsed() });
    };
    const req = client.request(target, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(body)),
        "user-agent": "Baton-Webhooks/1.0",
        ...headers,
      },
      lookup: guardedLookup(allowInsecure),
      agent: false,
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish({ statusCode: null, responseBody: null, error: `No response within ${Math.round(timeoutMs / 1000)} s` });
    }, timeoutMs);
    const onAbort = () => {
      req.destroy();
      finish({ statusCode: null, responseBody: null, error: "Delivery interrupted (the app instance is stopping)" });
    };
    signal?.addEventListener("abort", onAbort);
    req.on("error", (e: NodeJS.ErrnoException) =>
      finish({ statusCode: null, responseBody: null, error: plainError(e) }),
    );
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      const done = () =>
        finish({
          statusCode: res.statusCode ?? null,
          responseBody: Buffer.concat(chunks).toString("utf8"),
          error: null,
        });
      res.on("data", (chunk: Buffer) => {
        if (kept < responseLimitBytes) {
          chunks.push(chunk.subarray(0, responseLimitBytes - kept));
          kept += Math.min(chunk.length, responseLimitBytes - kept);
        }
        if (kept >= responseLimitBytes) {
          done();
          res.destroy(); // enough for the log: do not download the rest
        }
      });
      res.on("end", done);
      res.on("error", done);
    });
    req.end(body);
  });
}

function plainError(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case "ECONNREFUSED":
      return "Connection refused";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "The host name could not be resolved";
    case "ECONNRESET":
      return "The connection was reset";
    case "CERT_HAS_EXPIRED":
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "ERR_TLS_CERT_ALTNAME_INVALID":
      return `TLS certificate not accepted (${e.code})`;
    default:
      return e.name === "BlockedAddressError" ? e.message : `Connection failed (${e.code ?? e.name})`;
  }
}
