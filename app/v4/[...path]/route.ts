import { errorResponse } from "@/lib/http/envelope";

/** Any /v4 path no route matches: the JSON error envelope, not Next.js's HTML 404 page. */
async function unknownPath(req: Request) {
  return errorResponse(404, "not_found", `No API operation at ${new URL(req.url).pathname}`, {
    documentation: "/v4/openapi.json",
  });
}

export const GET = unknownPath;
export const POST = unknownPath;
export const PUT = unknownPath;
export const PATCH = unknownPath;
export const DELETE = unknownPath;
