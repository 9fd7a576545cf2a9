import { z } from "zod";
import { AppError, badRequest } from "@/lib/errors";
import { zodDetails } from "./envelope";

/** Bodies above this are refused before parsing (bulk payloads stay far below it). */
export const MAX_BODY_BYTES = 256 * 1024;

function invalid(where: string, error: z.ZodError): AppError {
  return new AppError(400, "validation_failed", `Invalid ${where}`, zodDetails(error));
}

const tooLarge = (limit: number) =>
  new AppError(413, "payload_too_large", `Body exceeds ${limit} bytes (${limit / 1024} KB)`, { limitBytes: limit });

/**
 * The body as text, counting bytes as they stream in and cancelling the stream as soon as they pass
 * the limit, so a chunked body without Content-Length never gets buffered whole.
 */
export async function readBodyText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  if (Number(req.headers.get("content-length") ?? 0) > limit) throw tooLarge(limit);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > limit) {
        await reader.cancel().catch(() => {});
        throw tooLarge(limit);
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw badRequest("The body is not valid UTF-8");
  }
}

export async function parseBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError(415, "unsupported_media_type", "Send the body as application/json");
  }
  const text = await readBodyText(req);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw badRequest("The body is not valid JSON");
  }
  const result = schema.safeParse(json);
  if (!result.success) throw invalid("body", result.error);
  return result.data;
}

export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const params = new URL(req.url).searchParams;
  const obj: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    obj[key] = all.length > 1 ? all : all[0];
  }
  const result = schema.safeParse(obj);
  if (!result.success) throw invalid("query", result.error);
  return result.data;
}

export function parseParams<S extends z.ZodType>(params: unknown, schema: S): z.infer<S> {
  const result = schema.safeParse(params);
  if (!result.success) {
    // A malformed id can never name an existing resource.
    throw new AppError(404, "not_found", "Resource not found", zodDetails(result.error));
  }
  return result.data;
}

/** A body whose fields all have defaults: an empty request (no body) means `{}`. */
export async function parseOptionalBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  if (!req.body || req.headers.get("content-length") === "0") {
    const result = schema.safeParse({});
    if (!result.success) throw invalid("body", result.error);
    return result.data;
  }
  return parseBody(req, schema);
}
