/**
 * Secrets at rest (calendar app passwords, later webhook secrets): AES-256-GCM with a key from
 * BATON_ENCRYPTION_KEY (32 bytes, as base64 or 64 hex characters).
 *
 * Sealed format, one ASCII string: `v1.<keyId>.<base64url(iv ‖ ciphertext ‖ tag)>`.
 * - `v1` names the algorithm and layout, so a later format can sit beside it.
 * - `keyId` (8 base64url characters of a SHA-256 of the key) says which key sealed it, so keys
 *   can rotate: put the new key in BATON_ENCRYPTION_KEY and the old ones, comma-separated, in
 *   BATON_ENCRYPTION_KEYS_PREVIOUS; old values still open and `needsReseal` tells a job to reseal them.
 * - An optional `context` (e.g. "calendar_connection:<id>") is bound as additional authenticated
 *   data, so a sealed value copied into another row does not open.
 *
 * Development and tests run without configuration on a fixed, public key; production refuses to
 * start without BATON_ENCRYPTION_KEY (see `assertEncryptionConfigured`).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/** Public and therefore worthless as a secret: only ever used outside production. */
const DEVELOPMENT_KEY = createHash("sha256").update("baton-development-encryption-key-not-for-production").digest();

export class EncryptionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EncryptionConfigError";
  }
}

/** A sealed value that cannot be opened: wrong key, tampered, or not a sealed value at all. */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

interface Key {
  id: string;
  bytes: Buffer;
}

export interface Keyring {
  current: Key;
  all: Map<string, Key>;
}

const HOW_TO = "Generate one with `openssl rand -base64 32`.";

/** Decodes a configured key: exactly 32 bytes as 64 hex characters or base64 / base64url. */
export function decodeKey(text: string, name = "BATON_ENCRYPTION_KEY"): Buffer {
  const value = text.trim();
  let bytes: Buffer | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(value)) bytes = Buffer.from(value, "hex");
  else if (/^[A-Za-z0-9+/_-]{43}={0,1}$/.test(value)) bytes = Buffer.from(value, "base64");
  if (!bytes || bytes.length !== KEY_BYTES)
    throw new EncryptionConfigError(`${name} must be 32 bytes, written as base64 or as 64 hex characters. ${HOW_TO}`);
  return bytes;
}

function keyOf(bytes: Buffer): Key {
  return { id: createHash("sha256").update("baton-key-id\0").update(bytes).digest("base64url").slice(0, 8), bytes };
}

export interface KeyringEnv {
  BATON_ENCRYPTION_KEY?: string;
  BATON_ENCRYPTION_KEYS_PREVIOUS?: string;
  NODE_ENV?: string;
}

export function loadKeyring(env: KeyringEnv = process.env): Keyring {
  const configured = env.BATON_ENCRYPTION_KEY?.trim();
  if (!configured && env.NODE_ENV === "production")
    throw new EncryptionConfigError(
      `BATON_ENCRYPTION_KEY is not set. Production needs its own key to encrypt calendar passwords. ${HOW_TO}`,
    );
  const current = keyOf(configured ? decodeKey(configured) : DEVELOPMENT_KEY);
  const previous = (env.BATON_ENCRYPTION_KEYS_PREVIOUS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => keyOf(decodeKey(s, "BATON_ENCRYPTION_KEYS_PREVIOUS")));
  return { current, all: new Map([current, ...previous].map((k) => [k.id, k])) };
}

let cached: Keyring | undefined;
/** The process's keyring, read from the environment once. */
function keyring(): Keyring {
  return (cached ??= loadKeyring());
}

/** Call at startup: throws a clear error when production has no (or a malformed) key. */
export function assertEncryptionConfigured(env: KeyringEnv = process.env): void {
  loadKeyring(env);
}

export interface SealOptions {
  context?: string;
  keys?: Keyring;
}

export function seal(plaintext: string, options: SealOptions = {}): string {
  const { current } = options.keys ?? keyring();
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", current.bytes, iv);
  if (options.context !== undefined) cipher.setAAD(Buffer.from(options.context, "utf8"));
  const body = Buffer.concat([iv, cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${current.id}.${body.toString("base64url")}`;
}

export function open(sealed: string, options: SealOptions = {}): string {
  const keys = options.keys ?? keyring();
  const [version, keyId, payload, ...rest] = sealed.split(".");
  if (version !== VERSION || !keyId || payload === undefined || rest.length > 0)
    throw new SecretBoxError("Not a sealed secret in a known format");
  const key = keys.all.get(keyId);
  if (!key)
    throw new SecretBoxError(
      "This secret was sealed with a key that is not configured (BATON_ENCRYPTION_KEY or BATON_ENCRYPTION_KEYS_PREVIOUS)",
    );
  const body = Buffer.from(payload, "base64url");
  if (body.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError("The sealed secret is truncated");
  const decipher = createDecipheriv("aes-256-gcm", key.bytes, body.subarray(0, IV_BYTES));
  if (options.context !== undefined) decipher.setAAD(Buffer.from(options.context, "utf8"));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    throw new SecretBoxError("The sealed secret does not open: it was altered or belongs to another record");
  }
}

/** True when the value was sealed with an older key (or format) and should be sealed again. */
export function needsReseal(sealed: string, keys: Keyring = keyring()): boolean {
  const [version, keyId] = sealed.split(".");
  return version !== VERSION || keyId !== keys.current.id;
}
