import { openApiDocument } from "@/lib/api/openapi";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

/** Public: integrators read the description before they have a key. */
export async function GET() {
  return Response.json(openApiDocument());
}

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
