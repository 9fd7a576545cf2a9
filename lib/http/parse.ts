import { z } from "zod";
import { AppError, badRequest } from "@/lib/errors";
import { zodDetails } from "./envelope";

/** Bodies above this are refused before parsing (bulk payloads stay far below it). */
export const MAX_BODY_BYTES = 256 * 1024;

function invalid(where: string, error: z.ZodError): AppError {
  return new AppError(400, "validation_failed", `Invalid ${where}`, zodDetails(error));
}

export async function parseBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError(415, "unsupported_media_type", "Send the body as application/json");
  }
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw new AppError(413, "payload_too_large", `Body exceeds ${MAX_BODY_BYTES} bytes`);
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw new AppError(413, "payload_too_large", `Body exceeds ${MAX_BODY_BYTES} bytes`);
  }
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
