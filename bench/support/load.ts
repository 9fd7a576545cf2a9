/** A bounded closed-loop load generator: `concurrency` clients issue `total` requests. */
export interface LoadResult {
  total: number; seconds: number; perSecond: number;
  statuses: Record<number, number>; p50: number; p99: number; latencies: number[];
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function runLoad(total: number, concurrency: number, request: (i: number) => Promise<Response>): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const started = performance.now();
  async function client() {
    while (next < total) {
      const i = next++;
      const t = performance.now();
      let status = 0;
      try {
        const res = await request(i);
        status = res.status;
        await res.arrayBuffer();
      } catch {
        status = 0; // connection refused or reset
      }
      latencies.push(performance.now() - t);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, client));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { total, seconds, perSecond: total / seconds, statuses, p50: percentile(latencies, 50), p99: percentile(latencies, 99), latencies };
}
