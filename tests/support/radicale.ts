/**
 * Radicale for vitest suites: `describeWithRadicale` runs a suite when Radicale is installed; otherwise
 * it skips it locally with the install command, and fails it under CI=true so a CI machine without
 * Radicale cannot pass silently. The server itself is in radicale-server.ts.
 */
import { describe, it } from "vitest";
import { radicaleMissing } from "./radicale-server";

export { startRadicale, radicaleMissing, RADICALE_INSTALL_HINT } from "./radicale-server";
export type { Radicale, RadicaleUser } from "./radicale-server";

export function describeWithRadicale(name: string, body: () => void) {
  const missing = radicaleMissing();
  if (!missing) return describe(name, body);
  if (process.env.CI === "true")
    return describe(name, () => {
      it("needs Radicale", () => {
        throw new Error(missing);
      });
    });
  console.warn(`Skipping "${name}": ${missing}`);
  return describe.skip(name, body);
}
