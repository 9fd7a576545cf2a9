import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { randomBytes } from "node:crypto";
import {
  EncryptionConfigError,
  SecretBoxError,
  assertEncryptionConfigured,
  decodeKey,
  loadKeyring,
  needsReseal,
  open,
  seal,
} from "./secret-box";

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const ringA = loadKeyring({ BATON_ENCRYPTION_KEY: keyA.toString("base64") });
const ringB = loadKeyring({ BATON_ENCRYPTION_KEY: keyB.toString("hex") });

describe("secret box", () => {
  it("round-trips any text and never contains the plaintext", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), fc.string({ maxLength: 40 }), (secret, context) => {
        const sealed = seal(secret, { keys: ringA, context });
        expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]+$/);
        if (secret.length >= 4) expect(sealed).not.toContain(secret);
        expect(open(sealed, { keys: ringA, context })).toBe(secret);
      }),
    );
  });

  it("uses a fresh IV every time", () => {
    const a = seal("app-password", { keys: ringA });
    const b = seal("app-password", { keys: ringA });
    expect(a).not.toBe(b);
  });

  it("refuses a wrong key, another record's context, tampering and garbage", () => {
    const sealed = seal("app-password", { keys: ringA, context: "calendar_connection:1" });
    expect(() => open(sealed, { keys: ringB, context: "calendar_connection:1" })).toThrow(/key that is not configured/);
    expect(() => open(sealed, { keys: ringA, context: "calendar_connection:2" })).toThrow(/altered or belongs/);
    expect(() => open(sealed, { keys: ringA })).toThrow(SecretBoxError);
    const [v, id, body] = sealed.split(".");
    const flipped = Buffer.from(body, "base64url");
    flipped[14] ^= 1;
    expect(() =>
      open(`${v}.${id}.${flipped.toString("base64url")}`, { keys: ringA, context: "calendar_connection:1" }),
    ).toThrow(SecretBoxError);
    for (const bad of ["", "plain", "v2.x.y", `v1.${id}.`, `v1.${id}.AAAA`, `${sealed}.extra`])
      expect(() => open(bad, { keys: ringA })).toThrow(SecretBoxError);
  });

  it("rotates: old values open with the previous key and are flagged for resealing", () => {
    const old = seal("app-password", { keys: ringA });
    const rotated = loadKeyring({
      BATON_ENCRYPTION_KEY: keyB.toString("base64url"),
      BATON_ENCRYPTION_KEYS_PREVIOUS: ` ${keyA.toString("hex")} `,
    });
    expect(open(old, { keys: rotated })).toBe("app-password");
    expect(needsReseal(old, rotated)).toBe(true);
    const resealed = seal(open(old, { keys: rotated }), { keys: rotated });
    expect(needsReseal(resealed, rotated)).toBe(false);
    expect(open(resealed, { keys: ringB })).toBe("app-password");
  });
});

describe("encryption key configuration", () => {
  it("accepts 32 bytes as hex, base64 and base64url, and nothing else", () => {
    const key = randomBytes(32);
    for (const text of [
      key.toString("hex"),
      key.toString("base64"),
      key.toString("base64url"),
      ` ${key.toString("hex")}\n`,
    ])
      expect(decodeKey(text).equals(key)).toBe(true);
    for (const text of [
      "",
      "secret",
      randomBytes(16).toString("hex"),
      randomBytes(31).toString("base64"),
      "z".repeat(64),
    ])
      expect(() => decodeKey(text)).toThrow(/must be 32 bytes.*openssl rand -base64 32/);
  });

  it("has a development default, and production refuses to start without a key", () => {
    const dev = loadKeyring({ NODE_ENV: "development" });
    expect(open(seal("x", { keys: dev }), { keys: loadKeyring({}) })).toBe("x");
    expect(() => assertEncryptionConfigured({ NODE_ENV: "production" })).toThrow(EncryptionConfigError);
    expect(() => assertEncryptionConfigured({ NODE_ENV: "production" })).toThrow(/BATON_ENCRYPTION_KEY is not set/);
    expect(() => assertEncryptionConfigured({ NODE_ENV: "production", BATON_ENCRYPTION_KEY: "short" })).toThrow(
      /must be 32 bytes/,
    );
    expect(() =>
      assertEncryptionConfigured({ NODE_ENV: "production", BATON_ENCRYPTION_KEY: randomBytes(32).toString("base64") }),
    ).not.toThrow();
    // The development key is not a production key by another name.
    const prod = loadKeyring({ NODE_ENV: "production", BATON_ENCRYPTION_KEY: randomBytes(32).toString("base64") });
    expect(() => open(seal("x", { keys: dev }), { keys: prod })).toThrow(SecretBoxError);
  });
});
