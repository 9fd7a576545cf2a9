import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { openSecret, sealSecret } from "./secret-box";

describe("secret box (AES-256-GCM)", () => {
  const saved = process.env.BATON_ENCRYPTION_KEY;
  afterEach(() => {
    if (saved === undefined) delete process.env.BATON_ENCRYPTION_KEY;
    else process.env.BATON_ENCRYPTION_KEY = saved;
  });

  it("round-trips, never contains the plain text, and uses a fresh IV each time", () => {
    const a = sealSecret("whsec_top-secret");
    const b = sealSecret("whsec_top-secret");
    expect(a).not.toBe(b);
    expect(a).not.toContain("top-secret");
    expect(openSecret(a)).toBe("whsec_top-secret");
  });

  it("detects tampering and a wrong key", () => {
    const sealed = sealSecret("payload");
    const parts = sealed.split(".");
    const flipped = Buffer.from(parts[3], "base64url");
    flipped[0] ^= 1;
    expect(() => openSecret([...parts.slice(0, 3), flipped.toString("base64url")].join("."))).toThrow();
    process.env.BATON_ENCRYPTION_KEY = randomBytes(32).toString("base64");
    expect(() => openSecret(sealed)).toThrow();
    const withKey = sealSecret("payload");
    expect(openSecret(withKey)).toBe("payload");
    process.env.BATON_ENCRYPTION_KEY = "too-short";
    expect(() => sealSecret("x")).toThrow(/32 bytes/);
  });
});
