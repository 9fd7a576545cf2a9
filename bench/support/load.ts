import http from "node:http";
import { gunzipSync, inflateSync } from "node:zlib";

/** What the load generator needs of an answer: `fetch`'s Response has it, and so has `httpCall`'s. */
export interface Answer {
  status: number;
  arrayBuffer(): Promise<ArrayBuffer | Buffer>;
}

/** `httpCall`'s answer: the body is read whole, so it can be read more than once. */
export interface HttpAnswer extends Answer {
  text(): Promise<string>;
  json(): Promise<unknown>;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/**
 * One request on a keep-alive node:http agent, asking for compression as `fetch` does (the server does the
 * same work) and decompressing only a body that is read. The benchmarks' client shares the 2 cores with the server it measures:
 * `fetch` (undici) spent about 2 ms of CPU per booking there, a third of a core at 180 bookings/s, and
 * this client about 0.75 ms.
 */
export function httpCall(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { "accept-encoding": "gzip, deflate", ...init.headers };
    if (init.body !== undefined) headers["content-length"] = Buffer.byteLength(init.body);
    const req = http.request(url, { method: init.method ?? "GET", headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers["content-encoding"];
        const body = () => (encoding === "gzip" ? gunzipSync(raw) : encoding === "deflate" ? inflateSync(raw) : raw);
        resolve({
          status: res.statusCode ?? 0,
          arrayBuffer: async () => raw,
          text: async () => body().toString("utf8"),
          json: async () => JSON.parse(body().toString("utf8")),
        });
      });
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

/** A bounded closed-loop load generator: `concurrency` clients issue `total` requests (or fewer, once `until()`). */
export interface LoadResult {
  total: number;
  seconds: number;
  perSecond: number;
  statuses: Record<number, number>;
  p50: number;
  p99: number;
  latencies: number[];
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Per-request deadline: a request that hangs counts as failed (status 0) instead of stalling the run. */
export const REQUEST_TIMEOUT_MS = 30_000;

export async function runLoad(
  total: number,
  concurrency: number,
  request: (i: number) => Promise<Answer>,
  opts: { until?: () => boolean } = {},
): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const started = performance.now();
  async function client() {
    while (next < total && !opts.until?.()) {
      const i = next++;
      const t = performance.now();
      let status = 0;
      try {
        const res = await withDeadline(request(i));
        status = res.status;
        await withDeadline(res.arrayBuffer());
      } catch {
        status = 0; // connection refused or reset
      }
      latencies.push(performance.now() - t);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, client));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    total: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    statuses,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    latencies,
  };
}

function withDeadline<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("request timed out")), REQUEST_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}
