/**
 * Operator CLI: `npm run baton -- <command> [options]` (the commands: scripts/cli/run-cli.ts).
 * Works on the same database as the app (DATABASE_URL, else the embedded PGlite in .data/;
 * stop `npm run dev` first when on PGlite, which allows one process at a time).
 */
import { runCli } from "./cli/run-cli";

void runCli(process.argv.slice(2)).then(({ code, stdout, stderr }) => {
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  process.exit(code);
});
