"use server";
/** Vacation coverage: the /v4/handoff/coverage service, dry run first, then for real. Managers only. */
import { MANAGER_ROLES } from "@/lib/auth/session";
import { runAction } from "@/lib/http/action";
import { coverageBody, type CoverageInput } from "@/lib/api/schemas/handoff";
import { previewCoverage, runCoverage } from "@/lib/handoffs/bulk-handoff";

export async function previewCoverageAction(input: CoverageInput) {
  return runAction(MANAGER_ROLES, coverageBody, input, (_viewer, i, ctx) =>
    previewCoverage(ctx, { ...i, dryRun: true }),
  );
}

export async function runCoverageAction(input: CoverageInput) {
  return runAction(MANAGER_ROLES, coverageBody, input, (_viewer, i, ctx) => runCoverage(ctx, { ...i, dryRun: false }));
}
