import type { Assignment, HandoffStep } from "@/lib/bookings/describe-assignment";
import { formatDate, formatDateTime, localizeTimes } from "@/components/ui/format";

/** A day as "5 Jan 2030" (the coverage range is stored as whole days in the absent person's zone). */
const day = (d: string) => formatDate(`${d}T12:00:00Z`, "UTC");

/** Routed to X (how), then handed off to Y by whom and why, each with its time in the workspace zone. */
export function AssignmentChain({
  assignment,
  names,
  queueNames,
  strategyLabel,
  timeZone,
}: {
  assignment: Assignment;
  names: Record<string, string>;
  queueNames: Record<string, string>;
  strategyLabel: (s: string) => string;
  timeZone: string;
}) {
  const who = (id: string | null) => (id ? (names[id] ?? "a removed user") : "someone");
  const at = (iso: string) => `${formatDateTime(iso, timeZone)} (${timeZone})`;
  const { first, handoffs } = assignment;
  const why = (h: HandoffStep) => {
    const via = h.viaQueueId ? ` (picked by queue ${queueNames[h.viaQueueId] ?? "a removed queue"})` : "";
    switch (h.why.kind) {
      case "coverage": {
        const range = h.why.startDate && h.why.endDate ? `, ${day(h.why.startDate)} – ${day(h.why.endDate)}` : "";
        return `Vacation coverage for ${who(h.why.absentUserId)}${range}${via}`;
      }
      case "bulk":
        return `Bulk handoff of ${who(h.fromUserId)}'s appointments${via}`;
      default:
        return `Single handoff${via}`;
    }
  };
  return (
    <ol className="space-y-3" data-testid="assignment-chain">
      {first && (
        <li>
          <p className="font-medium">
            {first.kind === "routed" ? "Routed to" : "Booked with"} {who(first.hostId)}
            <span className="font-normal text-slate-600">
              {first.kind === "routed" && first.strategy
                ? ` · ${strategyLabel(first.strategy)}${first.tier ? ` · tier ${first.tier}` : ""}${first.rank ? ` · rank ${first.rank}` : ""}`
                : first.kind === "forced"
                  ? " · host chosen by the caller"
                  : ""}
            </span>
          </p>
          {first.reason && (
            <p className="text-slate-600">
              <span className="sr-only">Why: </span>
              {localizeTimes(first.reason, timeZone)}
            </p>
          )}
          <p className="text-xs text-slate-600">{at(first.at)}</p>
        </li>
      )}
      {handoffs.map((h, i) => (
        <li key={`${h.at}-${i}`} data-testid="assignment-handoff">
          <p className="font-medium">
            Handed off from {who(h.fromUserId)} to {who(h.toUserId)} by {who(h.byUserId)}
          </p>
          <p className="text-slate-600">
            Why: {why(h)}
            {h.viaQueueId && h.reason ? ` — ${localizeTimes(h.reason, timeZone)}` : ""}
          </p>
          <p className="text-xs text-slate-600">{at(h.at)}</p>
        </li>
      ))}
      <li className="text-slate-700">
        Now hosted by <span className="font-medium">{who(assignment.currentHostId)}</span>.
      </li>
    </ol>
  );
}
