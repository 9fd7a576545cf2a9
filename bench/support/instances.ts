/**
 * Starts production app instances (`next start`) on loopback ports against one database,
 * and a round-robin proxy in front of them: the setup of the benchmark and the load test.
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { existsSync } from "node:fs";

/**
 * One sealing key for the bench process and every instance it starts: the process reads its keyring once
 * (lib/crypto/secret-box.ts), so a secret sealed by the bench must open with the instances' key.
 */
export const BENCH_ENCRYPTION_KEY = "YmVuY2gtZW5jcnlwdGlvbi1rZXktbm90LWZvci1wci4=";

export interface AppInstance {
  port: number;
  url: string;
  proc: ChildProcess;
  stop: () => Promise<void>;
}

export function ensureBuilt() {
  if (!existsSync(".next/BUILD_ID")) throw new Error("Run `npx next build` first (npm test and npm run bench do).");
}

export async function waitFor(url: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up in ${timeoutMs} ms`);
}

/** `env` adds to or overrides the instance's environment (e.g. DB_PREPARED_STATEMENTS=off for a reference run). */
export async function startApp(
  port: number,
  databaseUrl: string,
  poolSize = 10,
  env: Record<string, string> = {},
): Promise<AppInstance> {
  ensureBuilt();
  const proc = spawn("npx", ["next", "start", "-p", String(port)], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DB_POOL_SIZE: String(poolSize),
      PORT: String(port),
      NEXTAUTH_URL: `http://localhost:${port}`,
      NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "bench-secret",
      BATON_ENCRYPTION_KEY: process.env.BATON_ENCRYPTION_KEY ?? BENCH_ENCRYPTION_KEY,
      NODE_ENV: "production",
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  proc.stderr?.on("data", (d: Buffer) => {
    if (process.env.BATON_APP_LOGS) process.stderr.write(d);
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/api/health`);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null) return resolve();
      proc.once("exit", () => resolve());
      try {
        process.kill(-proc.pid!, "SIGKILL");
      } catch {
        resolve();
      }
    });
  return { port, url, proc, stop };
}

/** A loopback round-robin proxy; a dead backend answers 502 and the next request goes on. */
export function roundRobinProxy(port: number, backends: () => string[]): Promise<http.Server> {
  let i = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const server = http.createServer((req, res) => {
    const list = backends();
    const target = new URL(list[i++ % list.length]);
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
        agent,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        // A backend killed mid-response: cut the client's connection too, as a real balancer would.
        up.on("error", () => res.destroy());
        up.on("aborted", () => res.destroy());
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "bad_gateway", message: "backend unavailable", details: null } }));
    });
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}
