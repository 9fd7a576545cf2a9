/**
 * Secrets at rest (webhook signing secrets, calendar passwords): AES-256-GCM with a random 96-bit IV,
 * key from BATON_ENCRYPTION_KEY (32 bytes as base64 or 64 hex characters). Development and tests
 * fall back to a fixed key, like the session secret; production refuses to run without one.
 * Sealed form: "v1.<iv>.<tag>.<ciphertext>" (base64url), so a later key scheme can be told apart.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const DEV_KEY = createHash("sha256").update("baton-development-encryption-key-not-for-production").digest();

let cached: { raw: string | undefined; key: Buffer } | undefined;

function encryptionKey(): Buffer {
  const raw = process.env.BATON_ENCRYPTION_KEY;
  if (cached && cached.raw === raw) return cached.key;
  let key: Buffer;
  if (!raw) {
    if (process.env.NODE_ENV === "production") {
      throw new Error("BATON_ENCRYPTION_KEY is not set: generate one with `openssl rand -base64 32`");
    }
    key = DEV_KEY;
  } else {
    key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, "hex") : Buffer.from(raw, "base64");
    if (key.length !== 32) throw new Error("BATON_ENCRYPTION_KEY must be 32 bytes (base64 or 64 hex characters)");
  }
  cached = { raw, key };
  return key;
}

export function sealSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export function openSecret(sealed: string): string {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || ciphertext === undefined) throw new Error("Unknown sealed secret format");
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}
