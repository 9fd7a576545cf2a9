import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as v from "@/lib/validation";
import { queueUpdateBody } from "@/lib/api/schemas/queues";
import { groupCreateBody } from "@/lib/api/schemas/groups";
import { plainIssues } from "./plain-words";

const issuesOf = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error("expected the input to be refused");
  return plainIssues(r.error);
};

describe("plain words for dashboard validation messages", () => {
  it("says 'must be a whole number' for a weight typed as 1e3 or 2.5, at the weight's path", () => {
    const member = { userId: "00000000-0000-4000-8000-000000000001", capPerDay: null, capPerWeek: null };
    expect(issuesOf(queueUpdateBody, { users: [{ ...member, weight: "1e3" }] })).toEqual([
      { path: "users.0.weight", message: "must be a whole number" },
    ]);
    expect(issuesOf(queueUpdateBody, { users: [{ ...member, weight: 2.5 }] })).toEqual([
      { path: "users.0.weight", message: "must be a whole number" },
    ]);
    expect(issuesOf(queueUpdateBody, { users: [{ ...member, weight: 1001 }] })).toEqual([
      { path: "users.0.weight", message: "must be at most 1000" },
    ]);
  });

  it("keeps a schema's own words, and rewrites API wording and zod's defaults", () => {
    expect(
      issuesOf(groupCreateBody, { name: "x".repeat(201), queueId: "", userIds: [], priority: -1 }).map((i) => [
        i.path,
        i.message,
      ]),
    ).toEqual([
      ["name", "must be at most 200 characters"],
      ["queueId", "must be chosen from the list"],
      ["priority", "must be at least 0"],
    ]);
    expect(issuesOf(z.object({ name: v.name }), { name: "  " })).toEqual([{ path: "name", message: "is required" }]);
    expect(issuesOf(z.object({ name: v.name }), {})).toEqual([{ path: "name", message: "is required" }]);
    expect(issuesOf(z.object({ email: v.email }), { email: "nope" })).toEqual([
      { path: "email", message: "must be an email address" },
    ]);
    expect(issuesOf(z.object({ role: v.role }), { role: "boss" })).toEqual([
      { path: "role", message: "must be one of admin, manager, rep" },
    ]);
  });

  it("never lets zod's or the API's phrasing through, whatever the input", () => {
    const schema = z.object({
      id: v.uuid,
      name: v.name,
      day: v.day,
      n: z.number().int().min(1).max(5),
      list: z.array(z.string()).min(1).max(2),
      flag: z.boolean(),
    });
    const inputs = [
      {},
      { id: 1, name: 2, day: 3, n: "x", list: "y", flag: "z" },
      { id: "x", name: "a\u0001", day: "2020-13-01", n: 9, list: [], flag: null },
      { id: "x", name: "", day: "", n: 0.5, list: ["a", "b", "c"], flag: 1 },
    ];
    for (const input of inputs)
      for (const i of issuesOf(schema, input)) {
        expect(i.message).not.toMatch(/Invalid|Too big|Too small|expected|UUID|<=|>=/);
        expect(i.path).not.toBe("");
      }
  });
});
