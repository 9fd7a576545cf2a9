import type { TeamMember } from "@/lib/dashboard/get-team-overview";
import { WEEKDAY_SHORT, minuteLabel } from "@/components/ui/format";
import Link from "next/link";
import { ExceptionList } from "./exception-list";

const ROLE_STYLE = {
  admin: "bg-purple-50 text-purple-700",
  manager: "bg-brand-50 text-brand-700",
  rep: "bg-slate-100 text-slate-600",
} as const;

/** Weekly hours collapsed into runs: "Mon–Fri 09:00–17:00". */
function hoursSummary(hours: TeamMember["hours"]): string[] {
  if (!hours.length) return ["Around the clock (no hours set)"];
  const byRange = new Map<string, number[]>();
  for (const h of hours) {
    const k = `${minuteLabel(h.startMinute)}–${minuteLabel(h.endMinute)}`;
    byRange.set(k, [...(byRange.get(k) ?? []), h.weekday]);
  }
  return [...byRange].map(([range, days]) => {
    const sorted = [...new Set(days)].sort();
    const contiguous = sorted.every((d, i) => i === 0 || d === sorted[i - 1] + 1);
    const label =
      contiguous && sorted.length > 2
        ? `${WEEKDAY_SHORT[sorted[0]]}–${WEEKDAY_SHORT[sorted[sorted.length - 1]]}`
        : sorted.map((d) => WEEKDAY_SHORT[d]).join(", ");
    return `${label} ${range}`;
  });
}

export function TeamMemberCard({ member }: { member: TeamMember }) {
  return (
    <li className="card p-4" data-testid={`team-${member.name}`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-semibold">{member.name}</p>
          <p className="truncate text-sm text-slate-500">{member.email}</p>
          <Link className="text-sm text-brand-700 underline" href={`/team/${member.id}/calendar`}>
            Calendar
          </Link>
        </div>
        <span className={`badge capitalize ${ROLE_STYLE[member.role]}`}>{member.role}</span>
      </div>
      <dl className="mt-3 grid gap-2 text-sm sm:grid-cols-[7rem_1fr]">
        <dt className="text-slate-500">Time zone</dt>
        <dd>{member.timeZone}</dd>
        <dt className="text-slate-500">Working hours</dt>
        <dd>
          {hoursSummary(member.hours).map((l) => (
            <span key={l} className="block">
              {l}
            </span>
          ))}
        </dd>
        <dt className="text-slate-500">Queues</dt>
        <dd>{member.queues.length ? member.queues.join(", ") : <span className="text-slate-400">None</span>}</dd>
      </dl>
      <ExceptionList userId={member.id} name={member.name} timeZone={member.timeZone} exceptions={member.exceptions} />
    </li>
  );
}
