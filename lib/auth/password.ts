import bcrypt from "bcryptjs";

// Tests create many users; a low cost there keeps the suite fast without changing the code path.
const ROUNDS = process.env.NODE_ENV === "test" || process.env.VITEST ? 4 : 10;

export const hashPassword = (password: string) => bcrypt.hash(password, ROUNDS);
export const verifyPassword = (password: string, hash: string) => bcrypt.compare(password, hash);
