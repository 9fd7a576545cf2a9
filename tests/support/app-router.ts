/**
 * Calls the app's real route handlers the way an HTTP client would, without a server:
 * every `app/.../route.ts` is discovered, its `[param]` segments matched against the path.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { NextRequest } from "next/server";

const APP_DIR = path.join(process.cwd(), "app");

export interface RouteFile {
  pattern: string;
  file: string;
  regex: RegExp;
  params: string[];
  /** Params of `[...name]` segments: Next.js hands them over as arrays of segments. */
  catchAll: string[];
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (entry === "route.ts") out.push(full);
  }
  return out;
}

export function discoverRoutes(): RouteFile[] {
  return (
    walk(APP_DIR)
      .map((file) => {
        const rel = path
          .relative(APP_DIR, path.dirname(file))
          .split(path.sep)
          .filter((s) => !/^\(.*\)$/.test(s));
        const params: string[] = [];
        const catchAll: string[] = [];
        const parts = rel.map((seg) => {
          const m = /^\[(\.\.\.)?(.+)\]$/.exec(seg);
          if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          params.push(m[2]);
          if (m[1]) catchAll.push(m[2]);
          return m[1] ? "(.+)" : "([^/]+)";
        });
        return { pattern: "/" + rel.join("/"), file, params, catchAll, regex: new RegExp(`^/${parts.join("/")}/?$`) };
      })
      // Static segments win over dynamic ones, and catch-all routes come last, as in Next.js.
      .sort(
        (a, b) =>
          Number(a.pattern.includes("[...")) - Number(b.pattern.includes("[...")) || a.params.length - b.params.length,
      )
  );
}

let routes: RouteFile[] | undefined;

export interface CallOptions {
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
}

/** `call('POST', '/v4/booking', {headers, body})` → the handler's Response. */
export async function call(method: string, url: string, opts: CallOptions = {}): Promise<Response> {
  routes ??= discoverRoutes();
  const u = new URL(url, "http://localhost");
  const route = routes.find((r) => r.regex.test(u.pathname));
  // What Next.js itself answers where no handler exists: an HTML page, not the API's envelope.
  const nextPage = (status: number) =>
    new Response(`<!DOCTYPE html><html><body>${status}</body></html>`, {
      status,
      headers: { "content-type": "text/html; charset=utf-8" },
    });
  if (!route) return nextPage(404);
  const match = route.regex.exec(u.pathname)!;
  const params = Object.fromEntries(
    route.params.map((p, i) => [
      p,
      route.catchAll.includes(p) ? match[i + 1].split("/").map(decodeURIComponent) : decodeURIComponent(match[i + 1]),
    ]),
  );
  const mod = (await import(route.file)) as Record<string, unknown>;
  const handler = mod[method.toUpperCase()] as
    ((req: Request, ctx: { params: Promise<unknown> }) => Promise<Response>) | undefined;
  if (!handler) return nextPage(405);
  const headers = new Headers(opts.headers);
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  // Next.js hands route handlers a NextRequest (next-auth reads its nextUrl).
  const req = new NextRequest(u, { method, headers, body });
  return handler(req, { params: Promise.resolve(params) });
}
