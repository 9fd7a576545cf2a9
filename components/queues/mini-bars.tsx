import type { MemberShare } from "@/lib/dashboard/get-queue-distribution";
import { pct } from "@/components/ui/format";

/** This window at a glance: a bar per member, filled to the actual share, with a tick at the target. */
export function MiniBars({ members }: { members: MemberShare[] }) {
  return (
    <ul className="space-y-1.5">
      {members.map((m) => (
        <li
          key={m.userId}
          className="grid grid-cols-[7rem_1fr_5.5rem] items-center gap-2 text-xs sm:grid-cols-[9rem_1fr_6rem]"
        >
          <span className="truncate text-slate-700" title={m.name}>
            {m.name}
            {m.weight === 0 && <span className="text-slate-500"> (paused)</span>}
          </span>
          <span className="relative h-2.5 rounded-full bg-slate-100" aria-hidden>
            <span
              className="absolute inset-y-0 left-0 rounded-full bg-brand-500"
              style={{ width: `${Math.min(100, m.share * 100)}%` }}
            />
            <span
              className="absolute -inset-y-0.5 w-0.5 bg-slate-700"
              style={{ left: `calc(${Math.min(100, m.target * 100)}% - 1px)` }}
            />
          </span>
          <span className="text-right tabular-nums text-slate-600">
            {pct(m.share)} / {pct(m.target)}
          </span>
        </li>
      ))}
    </ul>
  );
}
