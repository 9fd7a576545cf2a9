/**
 * A real CalDAV server for tests: Radicale (Debian package `radicale`) on a free loopback port, with
 * its own temporary storage and htpasswd users, started and stopped by the test.
 *
 * - Port: Radicale binds port 0 and logs the port it got; a restart (`stop()` then `start()`) binds
 *   that same port again, so clients keep their URLs across a simulated outage.
 * - Users: plain-text htpasswd. Debian's Radicale 3.1 reads bcrypt only with python3-bcrypt, which
 *   the package does not pull in; plain is enough for throwaway test users on loopback.
 * - Missing Radicale: `radicaleMissing()` says how to install it (radicale.ts turns that into a skip
 *   or, under CI=true, a failure). No vitest import here, so the benchmarks can use it too.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getBasicAuthHeaders, makeCalendar } from "tsdav";

export const RADICALE_INSTALL_HINT = "apt-get install -y radicale";

export interface RadicaleUser {
  username: string;
  password: string;
}

export interface Radicale {
  /** Server root, e.g. http://127.0.0.1:40123/ (CalDAV discovery starts here). */
  url: string;
  port: number;
  users: RadicaleUser[];
  running: boolean;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its storage. */
  close(): Promise<void>;
  /** Creates a calendar collection for a user (MKCALENDAR) and returns its URL. */
  createCalendar(user: RadicaleUser, name: string): Promise<string>;
}

const binary = () => process.env.RADICALE_BIN ?? "radicale";

/** Why Radicale cannot run here, or null when it can. */
export function radicaleMissing(): string | null {
  const r = spawnSync(binary(), ["--version"], { encoding: "utf8" });
  if (r.error || r.status !== 0)
    return `Radicale is not installed (needed for the CalDAV tests): run \`${RADICALE_INSTALL_HINT}\``;
  return null;
}

function waitForReady(proc: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => done(new Error(`Radicale did not start within 15 s:\n${log}`)), 15_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const port = /Listening on '?\[?[\d.]+\]?:(\d+)'?/.exec(log)?.[1];
      if (port && /Radicale server ready/.test(log)) done(null, Number(port));
    };
    const onExit = (code: number | null) => done(new Error(`Radicale exited (${code}) before it was ready:\n${log}`));
    function done(error: Error | null, port?: number) {
      clearTimeout(timer);
      proc.stderr?.off("data", onData);
      proc.stdout?.off("data", onData);
      proc.off("exit", onExit);
      if (error) reject(error);
      else resolve(port!);
    }
    proc.stderr?.on("data", onData);
    proc.stdout?.on("data", onData);
    proc.on("exit", onExit);
  });
}

export async function startRadicale(options: { users?: RadicaleUser[] } = {}): Promise<Radicale> {
  const users = options.users ?? [
    { username: "alice", password: "alice-app-password" },
    { username: "bob", password: "bob-app-password" },
  ];
  const dir = mkdtempSync(path.join(tmpdir(), "baton-radicale-"));
  writeFileSync(path.join(dir, "users"), users.map((u) => `${u.username}:${u.password}\n`).join(""));
  const configFor = (port: number) =>
    [
      "[server]",
      `hosts = 127.0.0.1:${port}`,
      "[auth]",
      "type = htpasswd",
      `htpasswd_filename = ${path.join(dir, "users")}`,
      "htpasswd_encryption = plain",
      // Radicale waits after a failed login to slow down guessing; tests check wrong passwords on purpose.
      "delay = 0",
      "[storage]",
      `filesystem_folder = ${path.join(dir, "collections")}`,
      "[logging]",
      "level = info",
      "mask_passwords = True",
    ].join("\n");

  let proc: ChildProcess | null = null;
  let port = 0;

  async function start() {
    if (proc) return;
    writeFileSync(path.join(dir, "config"), configFor(port));
    const child = spawn(binary(), ["--config", path.join(dir, "config")], { stdio: ["ignore", "pipe", "pipe"] });
    proc = child;
    try {
      port = await waitForReady(child);
    } catch (e) {
      child.kill("SIGKILL");
      proc = null;
      throw e;
    }
    // Keep draining the log so the pipe never fills and blocks the server.
    child.stderr?.resume();
    child.stdout?.resume();
  }

  async function stop() {
    const child = proc;
    if (!child) return;
    proc = null;
    if (child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
      child.once("exit", () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill("SIGTERM");
    });
  }

  await start();
  const server: Radicale = {
    get url() {
      return `http://127.0.0.1:${port}/`;
    },
    get port() {
      return port;
    },
    users,
    get running() {
      return proc !== null;
    },
    start,
    stop,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    async createCalendar(user, name) {
      const url = `http://127.0.0.1:${port}/${encodeURIComponent(user.username)}/${encodeURIComponent(name)}/`;
      const [res] = await makeCalendar({
        url,
        props: { displayname: name },
        headers: getBasicAuthHeaders(user),
      });
      if (!res?.ok) throw new Error(`MKCALENDAR ${url} failed: ${res?.status} ${res?.statusText}`);
      return url;
    },
  };
  return server;
}
