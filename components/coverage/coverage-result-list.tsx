import Link from "next/link";
import type { CoverageResponse } from "@/lib/api/schemas/handoff";
import { formatDateTime, localizeTimes } from "@/components/ui/format";

/** The appointments of a coverage run or preview: where each goes, and why the others cannot. */
export function CoverageResultList({
  result,
  nameOf,
  timeZone,
  tense,
  pickFor,
}: {
  result: CoverageResponse;
  nameOf: Map<string, string>;
  timeZone: string;
  tense: "would" | "did";
  /** In the preview: a control to send one "cannot move" row somewhere else instead. */
  pickFor?: (row: { appointmentId: string; fromUserId: string; start: string }) => React.ReactNode;
}) {
  const rows = [
    ...result.moved.map((m) => ({ ...m, kind: "moved" as const })),
    ...result.failed.map((f) => ({ ...f, kind: "failed" as const })),
    ...result.skipped.map((s) => ({ ...s, kind: "skipped" as const })),
  ].sort((a, b) => a.start.localeCompare(b.start));
  if (!rows.length)
    return (
      <p className="rounded-lg bg-slate-50 px-3 py-4 text-sm text-slate-600">
        No appointments in this range: only the absence {tense === "would" ? "will be" : "was"} recorded.
      </p>
    );
  return (
    <div className="overflow-x-auto">
      <table className="data-table" data-testid="coverage-rows">
        <thead>
          <tr>
            <th>When</th>
            <th>From</th>
            <th>{tense === "would" ? "Goes to" : "Went to"}</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.appointmentId} data-kind={r.kind}>
              <td className="whitespace-nowrap">
                <Link className="text-brand-700 hover:underline" href={`/bookings/${r.appointmentId}`}>
                  {formatDateTime(r.start, timeZone)}
                </Link>
              </td>
              <td className="whitespace-nowrap">{nameOf.get(r.fromUserId)}</td>
              <td className="whitespace-nowrap">
                {r.kind === "moved" ? (
                  <span className="font-medium">{nameOf.get(r.toUserId)}</span>
                ) : (
                  <>
                    <span
                      className={`badge ${r.kind === "failed" ? "bg-red-50 text-red-700" : "bg-slate-100 text-slate-600"}`}
                    >
                      {r.kind === "failed" ? "Cannot move" : "Skipped"}
                    </span>
                    {r.kind === "failed" && pickFor?.(r)}
                  </>
                )}
              </td>
              <td className="text-xs text-slate-600">{r.reason && localizeTimes(r.reason, timeZone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
