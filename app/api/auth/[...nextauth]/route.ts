import NextAuth from "next-auth";
import { getDb } from "@/db/client";
import { authOptions } from "@/lib/auth/options";
import { clientAddress, countSignInAttempt, forgetSignInAttempts } from "@/lib/auth/sign-in-throttle";
import { toErrorResponse } from "@/lib/http/envelope";

const handler = NextAuth(authOptions);
type Context = { params: Promise<{ nextauth: string[] }> };

/**
 * Credential sign-ins pass the throttle first: over the limit they get 429 with Retry-After
 * (and the `url` next-auth's client reads, carrying error=TooManyAttempts) without a password check.
 */
async function POST(req: Request, context: Context) {
  const { nextauth } = await context.params;
  if (nextauth.join("/") !== "callback/credentials") return handler(req, context);
  try {
    const form = await req
      .clone()
      .formData()
      .catch(() => null);
    const email = String(form?.get("email") ?? "").slice(0, 320);
    const subject = { email, client: clientAddress(req.headers) };
    const db = await getDb();
    const { retryAfterSeconds } = await countSignInAttempt(db, subject);
    if (retryAfterSeconds !== null) {
      const url = new URL("/signin?error=TooManyAttempts", req.url).toString();
      return Response.json(
        {
          url,
          error: {
            code: "rate_limited",
            message: `Too many sign-in attempts; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`,
            details: { retryAfterSeconds },
          },
        },
        { status: 429, headers: { "retry-after": String(retryAfterSeconds) } },
      );
    }
    const res: Response = await handler(req, context);
    // next-auth answers both outcomes with a redirect URL; only a success sets the session cookie.
    if (/session-token=/.test(res.headers.get("set-cookie") ?? "")) await forgetSignInAttempts(db, subject);
    return res;
  } catch (error) {
    return toErrorResponse(error);
  }
}

export { handler as GET, POST };
