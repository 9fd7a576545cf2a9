import { CopyButton } from "./copy-button";

/**
 * A first call for integrators, with this workspace's id and the viewer's user id filled in, and the key
 * just created (shown once) in place of the placeholder.
 */
export function ApiSnippet({
  origin,
  workspaceId,
  userId,
  apiKey,
}: {
  origin: string;
  workspaceId: string;
  userId: string;
  apiKey?: string;
}) {
  const snippet = [
    `curl ${origin}/v4/queue/workspace/${workspaceId} \\`,
    `  -H 'Authorization: Bearer ${apiKey ?? "<your API key>"}' \\`,
    `  -H 'x-meetergo-api-user-id: ${userId}'`,
  ].join("\n");
  return (
    <section className="card" aria-labelledby="snippet-title">
      <div className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-3">
        <h2 id="snippet-title" className="font-semibold">
          Call the API
        </h2>
        <CopyButton text={snippet} label="Copy snippet" />
      </div>
      <div className="space-y-2 p-4 text-sm text-slate-600">
        <p>
          List this workspace&apos;s queues. Every request carries the key and the id of the user it acts for (here:
          you).{apiKey ? " It uses the key you just created." : ""}
        </p>
        <pre
          className="overflow-x-auto rounded-lg bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100"
          data-testid="api-snippet"
        >
          {snippet}
        </pre>
        <p>
          Next: <code>GET /v4/booking-availability</code> for open slots, then <code>POST /v4/booking</code> to book;
          Baton picks the host.
        </p>
      </div>
    </section>
  );
}
