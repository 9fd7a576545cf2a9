import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Keys look like `bt_<prefix>_<secret>`; the prefix finds the row, the hash proves the secret. */
const KEY_PATTERN = /^bt_([0-9a-f]{12})_([A-Za-z0-9_-]{32,64})$/;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function generateApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(6).toString("hex");
  const key = `bt_${prefix}_${randomBytes(24).toString("base64url")}`;
  return { key, prefix, secretHash: hashApiKey(key) };
}

export function parseApiKey(key: string): { prefix: string } | null {
  const m = KEY_PATTERN.exec(key);
  return m ? { prefix: m[1] } : null;
}

/** Constant-time comparison of the presented key's hash with the stored one. */
export function apiKeyMatches(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashApiKey(key), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
