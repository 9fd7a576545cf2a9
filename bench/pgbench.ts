/** The reference: pgbench's TPC-B-like transactions per second on the same PostgreSQL. */
import { execFileSync } from "node:child_process";
import { freshDatabase } from "./support/fixture";

export async function benchPgbench(clients = 16, seconds = 10) {
  const { url, drop } = await freshDatabase("baton_pgbench");
  try {
    execFileSync("pgbench", ["-i", "-q", "-s", "4", url], { stdio: "ignore" });
    const out = execFileSync("pgbench", [
      "-c",
      String(clients),
      "-j",
      "2",
      "-T",
      String(seconds),
      "-n",
      url,
    ]).toString();
    const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? NaN);
    return { tps, clients, seconds };
  } finally {
    await drop();
  }
}
