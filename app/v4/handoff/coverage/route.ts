import { apiRoute } from "@/lib/http/api-route";
import { parseBody } from "@/lib/http/parse";
import { coverageBody } from "@/lib/api/schemas/handoff";
import { previewCoverage, runCoverage } from "@/lib/handoffs/bulk-handoff";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

/** Coverage during absence in one call: the exception first, then the bulk handoff; dryRun previews. */
export const POST = apiRoute("POST /v4/handoff/coverage", async (ctx, req) => {
  const body = await parseBody(req, coverageBody);
  return (body.dryRun ? previewCoverage : runCoverage)(ctx, body);
});

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
