import bcrypt from "bcryptjs";

/**
 * bcrypt cost: BATON_BCRYPT_ROUNDS (4–15) when set; else 10, or 4 under tests, which create
 * many users (a lower cost keeps the suite fast without changing the code path).
 */
function rounds(): number {
  const set = Number(process.env.BATON_BCRYPT_ROUNDS);
  if (Number.isInteger(set) && set >= 4 && set <= 15) return set;
  return process.env.NODE_ENV === "test" || process.env.VITEST ? 4 : 10;
}

export const hashPassword = (password: string) => bcrypt.hash(password, rounds());
export const verifyPassword = (password: string, hash: string) => bcrypt.compare(password, hash);

const dummies = new Map<number, Promise<string>>();
/**
 * Checks a password against an account that may not exist: without one it compares against a
 * throwaway hash of the current cost, so known and unknown emails take the same time.
 */
export async function verifyPasswordOrDummy(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) {
    const cost = rounds();
    if (!dummies.has(cost)) dummies.set(cost, bcrypt.hash("baton-no-such-account", cost));
    await bcrypt.compare(password, await dummies.get(cost)!);
    return false;
  }
  return bcrypt.compare(password, hash);
}
