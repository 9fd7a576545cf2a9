import bcrypt from "bcryptjs";

// Tests create many users; a low cost there keeps the suite fast without changing the code path.
const ROUNDS = process.env.NODE_ENV === "test" || process.env.VITEST ? 4 : 10;

export const hashPassword = (password: string) => bcrypt.hash(password, ROUNDS);
export const verifyPassword = (password: string, hash: string) => bcrypt.compare(password, hash);

let dummy: Promise<string> | undefined;
/**
 * Checks a password against an account that may not exist: without one it compares against a
 * throwaway hash of the same cost, so known and unknown emails take the same time.
 */
export async function verifyPasswordOrDummy(password: string, hash: string | null | undefined): Promise<boolean> {
  dummy ??= bcrypt.hash("baton-no-such-account", ROUNDS);
  if (!hash) {
    await bcrypt.compare(password, await dummy);
    return false;
  }
  return bcrypt.compare(password, hash);
}
