/**
 * A separate OS process that books through the real route handlers with its own postgres.js
 * pool. Spawned by tests/api/booking-concurrency.test.ts:
 *   WORKER_INPUT='{"url","key","userId","startAt","requests":[{meetingTypeId,start}]}' npx tsx tests/support/booking-worker.ts
 * Waits until `startAt` (epoch ms) so both workers fire together, sends every request at once
 * (retrying 503s after Retry-After), and prints one JSON line: [{status, hostId?, code?}] in request order.
 */
import { openPostgres, setDbHandle } from "@/db/client";
import { call } from "./app-router";

interface Input {
  url: string;
  key: string;
  userId: string;
  startAt: number;
  requests: { meetingTypeId: string; start: string }[];
}

async function main() {
  const input = JSON.parse(process.env.WORKER_INPUT ?? "{}") as Input;
  const handle = await openPostgres(input.url, { max: 10 });
  setDbHandle(handle);
  const headers = { authorization: `Bearer ${input.key}`, "x-meetergo-api-user-id": input.userId };
  await call("GET", "/v4/user", { headers }); // load route modules and open the pool before the start line
  await call("POST", "/v4/booking", { headers, body: {} });
  await new Promise((r) => setTimeout(r, Math.max(0, input.startAt - Date.now())));
  const results = await Promise.all(
    input.requests.map(async (req, i) => {
      const send = () =>
        call("POST", "/v4/booking", {
          headers,
          body: {
            meetingTypeId: req.meetingTypeId,
            start: req.start,
            attendee: { email: `lead${i}@load.test`, fullname: `Lead ${i}` },
          },
        });
      let res = await send();
      // As a well-behaved client does: a 503 (busy or unavailable) changed nothing; retry after Retry-After.
      for (let attempt = 0; res.status === 503 && attempt < 30; attempt++) {
        const wait = Number(res.headers.get("retry-after") ?? 1) * 1000 * (0.5 + Math.random());
        await new Promise((r) => setTimeout(r, wait));
        res = await send();
      }
      const body = (await res.json()) as { hostId?: string; error?: { code: string } };
      return { status: res.status, hostId: body.hostId, code: body.error?.code };
    }),
  );
  process.stdout.write(JSON.stringify(results) + "\n");
  await handle.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
