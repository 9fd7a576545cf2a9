/**
 * Runs Spectral (spectral:oas plus the OWASP API Security ruleset, configured in .spectral.yaml)
 * over the generated OpenAPI document: no errors and no warnings. A broken copy proves the
 * linter and the request-only limit rules actually fire.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

interface Finding {
  code: string;
  severity: number;
  path: string[];
  message: string;
}

const dir = mkdtempSync(path.join(tmpdir(), "baton-openapi-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function lint(doc: unknown, name: string): Promise<Finding[]> {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(doc));
  const bin = path.join(process.cwd(), "node_modules", ".bin", "spectral");
  // Spectral exits 1 when it finds errors; the JSON report is on stdout either way.
  const { stdout } = await promisify(execFile)(bin, ["lint", file, "-r", ".spectral.yaml", "-f", "json", "-q"], {
    cwd: process.cwd(),
    maxBuffer: 20 * 1024 * 1024,
  }).catch((e: { stdout?: string; stderr?: string }) => {
    if (!e.stdout) throw new Error(`spectral failed: ${e.stderr}`);
    return { stdout: e.stdout };
  });
  return JSON.parse(stdout) as Finding[];
}

const show = (fs: Finding[]) => fs.map((f) => `${f.code} at ${f.path.join(".")}: ${f.message}`).join("\n");

describe("the OpenAPI document under Spectral (spectral:oas + OWASP)", () => {
  it("has no errors and no warnings", async () => {
    const findings = await lint(openApiDocument(), "openapi.json");
    expect(show(findings)).toBe("");
  }, 60_000);

  it("reports duplicate operationIds, unbounded request strings and arrays, and a missing 429", async () => {
    const doc = structuredClone(openApiDocument()) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
      components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> };
    };
    doc.paths["/availability-exception/user"].post.operationId = doc.paths["/v4/availability-exception/user"].post
      .operationId as string;
    const create = doc.components.schemas.BookingCreate.properties;
    delete create.hostIds.maxItems;
    delete (create.attendee.properties as Record<string, Record<string, unknown>>).fullname.maxLength;
    delete (doc.paths["/v4/user"].get.responses as Record<string, unknown>)["429"];
    const codes = new Set((await lint(doc, "broken.json")).map((f) => f.code));
    expect([...codes].sort()).toEqual(
      expect.arrayContaining([
        "operation-operationId-unique",
        "baton-request-array-limit",
        "baton-request-string-limit",
        "owasp:api4:2023-rate-limit-responses-429",
      ]),
    );
  }, 60_000);
});
