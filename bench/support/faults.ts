/**
 * Faults the load test injects into a running system, each aimed only at the test's own database
 * (or the cluster it was told it may restart), and the probes that measure their effect.
 */
import { execFile, execFileSync, spawn } from "node:child_process";
import { promisify } from "node:util";
import http from "node:http";
import { Readable } from "node:stream";
import postgres from "postgres";
import { percentile } from "./load";

const run = promisify(execFile);

/** Terminates every backend connected to `url`'s database (only that database's), returning how many. */
export async function terminateBackends(url: string): Promise<number> {
  const dbName = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`
      select pg_terminate_backend(pid) from pg_stat_activity where datname = ${dbName} and pid <> pg_backend_pid()`;
    return rows.length;
  } finally {
    await sql.end();
  }
}

/**
 * Holds FOR UPDATE on one queue row from a separate connection for `ms`, as a stuck transaction
 * elsewhere would. Resolves once the lock is held; `done` settles when it is released.
 */
export async function holdQueueLock(url: string, queueId: string, ms: number): Promise<{ done: Promise<void> }> {
  // This session holds its lock on purpose: no idle-in-transaction limit on it.
  const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { idle_in_transaction_session_timeout: 0 } });
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const done = sql
    .begin(async (tx) => {
      await tx`select id from queues where id = ${queueId} for update`;
      locked();
      await new Promise((r) => setTimeout(r, ms));
    })
    .then(() => sql.end());
  await isLocked;
  return { done };
}

/**
 * The local Debian cluster serving `url`, as "version/name" (pg_lsclusters), for pg_ctlcluster.
 * `override` (--pg-cluster or LOAD_PG_CLUSTER) wins; null when none serves that port on this host.
 */
export function clusterFor(url: string, override?: string): string | null {
  if (override) return override;
  const u = new URL(url);
  if (!["127.0.0.1", "localhost", "::1"].includes(u.hostname)) return null;
  const port = u.port || "5432";
  try {
    const lines = execFileSync("pg_lsclusters", ["--no-header"], { encoding: "utf8" }).trim().split("\n");
    const hit = lines.map((l) => l.trim().split(/\s+/)).find((cols) => cols[2] === port);
    return hit ? `${hit[0]}/${hit[1]}` : null;
  } catch {
    return null;
  }
}

/** Restarts the cluster (without blocking this process, whose load clients keep running meanwhile). */
export async function restartCluster(cluster: string): Promise<void> {
  const [version, name] = cluster.split("/");
  await run("pg_ctlcluster", ["--skip-systemctl-redirect", version, name, "restart", "-m", "fast"]);
}

/**
 * POSTs a lazily generated chunked body of `totalBytes` (no Content-Length) and reports the status
 * and how many bytes had been generated when the answer came: a server that counts while streaming
 * answers 413 long before the end.
 */
export function sendChunkedBody(
  url: string,
  headers: Record<string, string>,
  totalBytes: number,
): Promise<{ status: number; bytesSentBeforeAnswer: number; ms: number }> {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let produced = 0;
  const body = new Readable({
    read() {
      if (produced >= totalBytes) return void this.push(null);
      produced += chunk.length;
      this.push(chunk);
    },
  });
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(url, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json", "transfer-encoding": "chunked" },
    });
    const finish = (status: number) => {
      const result = { status, bytesSentBeforeAnswer: produced, ms: performance.now() - started };
      body.unpipe(req);
      body.destroy();
      req.destroy();
      resolve(result);
    };
    req.on("response", (res) => {
      res.resume();
      finish(res.statusCode ?? 0);
    });
    req.on("error", () => finish(0));
    body.pipe(req);
  });
}

export interface ProbeStats {
  count: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * Keeps GETting routes unrelated to the fault (health and a read of another queue) until stopped,
 * one at a time like a monitoring client, and summarizes their latency.
 */
export function probeUnrelated(urls: string[], headers: Record<string, string>) {
  let running = true;
  const ms: number[] = [];
  let failed = 0;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const started = performance.now();
      try {
        const res = await fetch(urls[i % urls.length], { headers, signal: AbortSignal.timeout(15_000) });
        await res.arrayBuffer();
        if (res.status !== 200) failed++;
      } catch {
        failed++;
      }
      ms.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return async (): Promise<ProbeStats> => {
    running = false;
    await loop;
    ms.sort((a, b) => a - b);
    return { count: ms.length, failed, p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms.at(-1) ?? NaN };
  };
}

/**
 * probeUnrelated from a separate Node process, so the probe's own latency does not include the
 * load generator's event loop (hundreds of requests in flight in this process). Same statistics.
 */
export function probeFromChild(urls: string[], headers: Record<string, string>, pauseMs = 5) {
  const script = `
    const urls = ${JSON.stringify(urls)}, headers = ${JSON.stringify(headers)};
    let running = true, failed = 0; const ms = [];
    process.stdin.on("data", () => { running = false; }); process.stdin.resume();
    (async () => {
      for (let i = 0; running; i++) {
        const t = performance.now();
        try {
          const r = await fetch(urls[i % urls.length], { headers, signal: AbortSignal.timeout(15000) });
          await r.arrayBuffer(); if (r.status !== 200) failed++;
        } catch { failed++; }
        ms.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, ${pauseMs}));
      }
      process.stdout.write(JSON.stringify({ ms, failed }), () => process.exit(0));
    })();`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  return async (): Promise<ProbeStats> => {
    child.stdin.write("stop\n");
    await exited;
    const { ms, failed } = JSON.parse(out || '{"ms":[],"failed":0}') as { ms: number[]; failed: number };
    ms.sort((a, b) => a - b);
    return { count: ms.length, failed, p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms.at(-1) ?? NaN };
  };
}

/** Polls every `urls` until each answers 200, returning the ms it took (Infinity past `timeoutMs`). */
export async function timeToHealthy(urls: string[], timeoutMs = 15_000): Promise<number> {
  const started = performance.now();
  const pending = new Set(urls);
  while (pending.size && performance.now() - started < timeoutMs) {
    await Promise.all(
      [...pending].map(async (u) => {
        try {
          const res = await fetch(u, { signal: AbortSignal.timeout(2_000) });
          if (res.status === 200) pending.delete(u);
        } catch {
          /* still down */
        }
      }),
    );
    if (pending.size) await new Promise((r) => setTimeout(r, 100));
  }
  return pending.size ? Infinity : performance.now() - started;
}
