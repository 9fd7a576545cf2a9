"use client";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { QueueResponse } from "@/lib/api/schemas/queues";
import { tierShares } from "@/lib/routing/targets";
import { distributionAction, seriesAction } from "@/lib/actions/queues";
import { pct } from "@/components/ui/format";
import { WINDOW_LABEL } from "@/components/strategy-label";
import { errorMessage, unwrap } from "@/components/ui/action-result";
import { queueKeys } from "./queue-keys";

const COLORS = ["#3b55e6", "#10b981", "#f59e0b", "#ef4444", "#8b5cf6", "#06b6d4", "#ec4899", "#84cc16", "#64748b"];

/**
 * Bookings this window (the routing counters) against the count each member was expected to get
 * from the decisions actually made: a member only counts for a decision they could have taken
 * (tier overflow, absences and caps included), so a backup tier or an absent member is not
 * shown as off target. Only real deviations are flagged (isDeviation in lib/routing/expected.ts).
 */
export function DistributionCharts({ queue }: { queue: QueueResponse }) {
  const dist = useQuery({
    queryKey: queueKeys.distribution(queue.id),
    queryFn: () => unwrap(distributionAction({ queueId: queue.id })),
  });
  const byId = new Map(dist.data?.members.map((m) => [m.userId, m]) ?? []);
  // From the queue as cached, so a saved weight shows at once; expected counts follow from the server.
  const shares = tierShares(queue.strategy, queue.groups, queue.users);
  const rows = queue.users.map((u) => {
    const m = byId.get(u.userId);
    const count = m?.count ?? 0;
    const expected = m?.expected ?? 0;
    return {
      name: u.name.split(" ")[0],
      fullName: u.name,
      userId: u.userId,
      count,
      expected: Math.round(expected * 10) / 10,
      diff: count - expected,
      deviation: m?.deviation ?? false,
      share: shares[u.userId] ?? 0,
    };
  });
  const flagged = rows.filter((r) => r.deviation).length;

  return (
    <section className="card" aria-labelledby="dist-title">
      <div className="border-b border-slate-200 px-4 py-3">
        <h2 id="dist-title" className="font-semibold">
          Distribution {WINDOW_LABEL[queue.fairnessWindow].toLowerCase()}
        </h2>
        <p className="text-xs text-slate-500">
          {dist.isPending
            ? "Loading counts…"
            : dist.isError
              ? errorMessage(dist.error)
              : `${dist.data.total} bookings counted. Expected: each member's share of every booking they could have taken (priority groups, absences and caps included). Weight share: of its priority group's weight.`}
        </p>
        {dist.data && dist.data.approximated > 0 && (
          <p className="mt-1 text-xs text-slate-500">
            {dist.data.approximated} of {dist.data.decisions} bookings were routed before Baton recorded who could take
            them; for those, today&apos;s groups and weights stand in.
          </p>
        )}
      </div>
      <div className="p-4">
        <div className="h-64" role="img" aria-label="Bar chart of bookings versus expected bookings per member">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} />
              <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
              <Tooltip labelFormatter={(_l, p) => p?.[0]?.payload?.fullName ?? ""} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Bar dataKey="count" name="Bookings" fill="#3b55e6" radius={[3, 3, 0, 0]} isAnimationActive={false} />
              <Bar dataKey="expected" name="Expected" fill="#94a3b8" radius={[3, 3, 0, 0]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
        {dist.data && (
          <p className="mt-3 text-sm" data-testid="deviation-summary">
            {flagged === 0
              ? "Everyone is within 1.5 bookings (or 10%) of what they were expected to get."
              : `${flagged} ${flagged === 1 ? "member is" : "members are"} more than 1.5 bookings and 10% away from what they were expected to get.`}
          </p>
        )}
        <table className="data-table mt-3" data-testid="share-table">
          <thead>
            <tr>
              <th>Member</th>
              <th className="text-right">Weight share</th>
              <th className="text-right">Bookings</th>
              <th className="text-right">Expected</th>
              <th>Difference</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.userId} data-testid={`share-${r.fullName}`}>
                <td>{r.fullName}</td>
                <td className="text-right tabular-nums" data-testid="target">
                  {pct(r.share)}
                </td>
                <td className="text-right tabular-nums">{r.count}</td>
                <td className="text-right tabular-nums" data-testid="expected">
                  {r.expected.toFixed(1)}
                </td>
                <td data-testid="difference">
                  <DeviationLabel diff={r.diff} deviation={r.deviation} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <BookingSeriesChart queueId={queue.id} />
    </section>
  );
}

/** "on track" or "3.2 ahead / behind", flagged in words (not only colour) when it is a real deviation. */
export function DeviationLabel({ diff, deviation }: { diff: number; deviation: boolean }) {
  const size = Math.abs(diff).toFixed(1);
  const text = Math.abs(diff) < 0.05 ? "on track" : `${size} ${diff > 0 ? "ahead" : "behind"}`;
  if (!deviation) return <span className="text-slate-600">{text}</span>;
  return <span className="badge bg-amber-100 font-medium text-amber-900">Off target: {text}</span>;
}

function BookingSeriesChart({ queueId }: { queueId: string }) {
  const [granularity, setGranularity] = useState<"day" | "week">("day");
  const series = useQuery({
    queryKey: queueKeys.series(queueId, granularity),
    queryFn: () => unwrap(seriesAction({ queueId, granularity })),
  });
  const total =
    series.data?.rows.reduce((s, r) => s + series.data.members.reduce((t, m) => t + Number(r[m.userId] ?? 0), 0), 0) ??
    0;
  return (
    <div className="border-t border-slate-200 p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-medium">Bookings per member over time</h3>
        <div
          role="group"
          aria-label="Group by"
          className="inline-flex rounded-lg border border-slate-300 p-0.5 text-sm"
        >
          {(["day", "week"] as const).map((g) => (
            <button
              key={g}
              type="button"
              aria-pressed={granularity === g}
              onClick={() => setGranularity(g)}
              className={`rounded-md px-3 py-1 ${granularity === g ? "bg-brand-600 text-white" : "text-slate-600 hover:bg-slate-100"}`}
            >
              By {g}
            </button>
          ))}
        </div>
      </div>
      <p className="mt-1 text-xs text-slate-500">
        Confirmed meetings by their start,{" "}
        {granularity === "day" ? "a week back to two weeks ahead" : "8 weeks back to 4 weeks ahead"}.
      </p>
      {series.isPending ? (
        <div className="mt-3 h-56 animate-pulse rounded-lg bg-slate-100" />
      ) : series.isError ? (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {errorMessage(series.error)}
        </p>
      ) : total === 0 ? (
        <p className="mt-3 rounded-lg bg-slate-50 px-3 py-6 text-center text-sm text-slate-600">
          No confirmed bookings in this range yet.
        </p>
      ) : (
        <div className="mt-3 h-64" role="img" aria-label={`Stacked bar chart of bookings per member by ${granularity}`}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart
              data={series.data.rows.map((r) => ({
                ...r,
                label: granularity === "day" ? String(r.bucket).slice(5) : String(r.bucket).slice(5),
              }))}
              margin={{ top: 8, right: 8, left: -24, bottom: 0 }}
            >
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 11 }} />
              <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
              <Tooltip />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {series.data.members.map((m, i) => (
                <Bar
                  key={m.userId}
                  dataKey={m.userId}
                  name={m.name}
                  stackId="a"
                  fill={COLORS[i % COLORS.length]}
                  isAnimationActive={false}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </div>
  );
}
