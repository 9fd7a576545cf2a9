import type { MemberShare } from "@/lib/dashboard/get-queue-distribution";

/**
 * This window at a glance: a bar per member, filled to its bookings, with a tick at the bookings
 * it was expected to get (its share of the decisions it could have taken); real deviations are
 * named in words.
 */
export function MiniBars({ members }: { members: MemberShare[] }) {
  const scale = Math.max(1, ...members.map((m) => Math.max(m.count, m.expected)));
  return (
    <ul className="space-y-1.5">
      {members.map((m) => (
        <li
          key={m.userId}
          data-testid={`mini-${m.name}`}
          className="grid grid-cols-[7rem_1fr_7.5rem] items-center gap-2 text-xs sm:grid-cols-[9rem_1fr_8rem]"
        >
          <span className="truncate text-slate-700" title={m.name}>
            {m.name}
            {m.weight === 0 && <span className="text-slate-500"> (paused)</span>}
          </span>
          <span className="relative h-2.5 rounded-full bg-slate-100" aria-hidden>
            <span
              className={`absolute inset-y-0 left-0 rounded-full ${m.deviation ? "bg-amber-500" : "bg-brand-500"}`}
              style={{ width: `${(m.count / scale) * 100}%` }}
            />
            <span
              className="absolute -inset-y-0.5 w-0.5 bg-slate-700"
              style={{ left: `calc(${(m.expected / scale) * 100}% - 1px)` }}
            />
          </span>
          <span className="text-right tabular-nums text-slate-600">
            {m.count} / {m.expected.toFixed(1)}
            {m.deviation && <span className="ml-1 font-medium text-amber-800">off</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}
