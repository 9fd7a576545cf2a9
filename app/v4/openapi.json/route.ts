import { openApiDocument } from "@/lib/api/openapi";

/** Public: integrators read the description before they have a key. */
export async function GET() {
  return Response.json(openApiDocument());
}
