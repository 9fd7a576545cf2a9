import Link from "next/link";
import type { TeamMember } from "@/lib/dashboard/get-team-overview";
import { WEEKDAY_SHORT, minuteLabel } from "@/components/ui/format";
import { ExceptionList } from "./exception-list";

const ROLE_STYLE = {
  admin: "bg-purple-50 text-purple-700",
  manager: "bg-brand-50 text-brand-700",
  rep: "bg-slate-100 text-slate-600",
} as const;

/** Weekly hours collapsed into runs: "Mon–Fri 09:00–17:00". */
export function hoursSummary(hours: TeamMember["hours"]): string[] {
  if (!hours.length) return ["No weekly hours: only bookable on override dates"];
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

/** `nested`: listed under the "Deactivated" heading (h2), so the name is an h3. */
export function TeamMemberCard({ member, nested = false }: { member: TeamMember; nested?: boolean }) {
  const Name = nested ? "h3" : "h2";
  return (
    <li className="card p-4" data-testid={`team-${member.name}`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          {/* The person's name heads their card, so its "Absences" (h3) sits under it. */}
          <Name className="font-semibold">
            <Link href={`/team/${member.id}`} className="text-brand-700 hover:underline">
              {member.name}
            </Link>
          </Name>
          <p className="truncate text-sm text-slate-500">{member.email}</p>
          <Link className="text-sm text-brand-700 underline" href={`/team/${member.id}/calendar`}>
            Calendar<span className="sr-only"> of {member.name}</span>
          </Link>
        </div>
        <span className="flex gap-1.5">
          {!member.active && <span className="badge bg-red-50 text-red-700">Deactivated</span>}
          <span className={`badge capitalize ${ROLE_STYLE[member.role]}`}>{member.role}</span>
        </span>
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
        <dd>{member.queues.length ? member.queues.join(", ") : <span className="text-slate-500">None</span>}</dd>
      </dl>
      <p className="mt-2 text-sm">
        <Link href={`/team/${member.id}`} className="text-brand-700 hover:underline">
          Edit hours, role and zone<span className="sr-only"> of {member.name}</span>
        </Link>
      </p>
      <ExceptionList
        userId={member.id}
        name={member.name}
        timeZone={member.timeZone}
        exceptions={member.exceptions}
        offerCoverage
      />
    </li>
  );
}
