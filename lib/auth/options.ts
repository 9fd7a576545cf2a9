import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { log } from "@/lib/log";
import { verifyPasswordOrDummy } from "./password";

const credentials = z.object({ email: z.string().trim().toLowerCase().max(320), password: z.string().max(200) });

/**
 * `npm run dev` works without configuration; production refuses to start sessions without
 * NEXTAUTH_SECRET (next-auth's own NO_SECRET error) rather than fall back to a known value.
 */
const secret =
  process.env.NEXTAUTH_SECRET ||
  (process.env.NODE_ENV === "production" ? undefined : "baton-development-secret-not-for-production");

export const authOptions: NextAuthOptions = {
  secret,
  // next-auth's own messages go through the redacting logger too (its errors can carry the email).
  logger: {
    error: (code, metadata) => log.error(`next-auth: ${code}`, metadata),
    warn: (code) => log.warn(`next-auth: ${code}`),
    debug: () => {},
  },
  session: { strategy: "jwt", maxAge: 60 * 60 * 12 },
  pages: { signIn: "/signin" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw) {
        const parsed = credentials.safeParse(raw);
        if (!parsed.success) return null;
        const db = await getDb();
        const [user] = await db
          .select()
          .from(users)
          .where(sql`lower(${users.email}) = ${parsed.data.email}`)
          .limit(1);
        // Unknown emails are checked against a dummy hash: both answers take the same time.
        if (!(await verifyPasswordOrDummy(parsed.data.password, user?.passwordHash))) return null;
        // A deactivated person cannot sign in (the same answer as a wrong password).
        if (!user || user.deactivatedAt) return null;
        return { id: user.id, name: user.name, email: user.email, workspaceId: user.workspaceId, role: user.role };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.userId = user.id;
        token.workspaceId = user.workspaceId;
        token.role = user.role;
      }
      return token;
    },
    session({ session, token }) {
      session.user = { ...session.user, id: token.userId, workspaceId: token.workspaceId, role: token.role };
      return session;
    },
  },
};
