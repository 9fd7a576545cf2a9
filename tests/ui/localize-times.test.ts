import { describe, expect, it } from "vitest";
import { localizeTimes } from "@/components/ui/format";
import { isoMinute } from "@/lib/routing/eligibility";

describe("routing reasons on pages: times in the workspace's zone, labelled", () => {
  it("writes a range and a single instant in Europe/Berlin, with the zone named", () => {
    expect(localizeTimes("busy: existing booking 2026-12-01T15:20Z - 2026-12-01T16:00Z", "Europe/Berlin")).toBe(
      "busy: existing booking 1 Dec 2026, 16:20–17:00 (Europe/Berlin)",
    );
    expect(localizeTimes("unavailable (exception) until 2026-12-01T23:30Z", "Europe/Berlin")).toBe(
      "unavailable (exception) until 2 Dec 2026, 00:30 (Europe/Berlin)",
    );
    expect(localizeTimes("busy in calendar 2026-07-01T22:00Z - 2026-07-02T01:00Z", "America/New_York")).toBe(
      "busy in calendar 1 Jul 2026, 18:00–21:00 (America/New_York)",
    );
    expect(localizeTimes("busy in calendar 2026-07-01T20:00Z - 2026-07-02T08:00Z", "Europe/Berlin")).toBe(
      "busy in calendar 1 Jul 2026, 22:00–2 Jul 2026, 10:00 (Europe/Berlin)",
    );
  });

  it("leaves no raw UTC instant of the routing core behind, and text without times untouched", () => {
    const reason = (t: number) =>
      `busy: existing booking ${isoMinute(t)} - ${isoMinute(t + 1_800_000)}; until ${isoMinute(t)}`;
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 7 * 3_600_000 + 60_000) {
      const out = localizeTimes(reason(t), "Asia/Kolkata");
      expect(out).not.toMatch(/\d{4}-\d{2}-\d{2}T|Z\b/);
      expect(out).toContain("(Asia/Kolkata)");
    }
    expect(localizeTimes("weight 3, 2 of 10 this window", "Europe/Berlin")).toBe("weight 3, 2 of 10 this window");
  });
});
