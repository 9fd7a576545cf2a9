import type { Metadata } from "next";
import { headers } from "next/headers";
import { MANAGER_ROLES, requirePageViewer } from "@/lib/auth/session";
import { listApiKeys } from "@/lib/workspaces/manage-api-keys";
import { ApiAccess } from "@/components/settings/api-access";
import { formatDateTime } from "@/components/ui/format";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const viewer = await requirePageViewer(MANAGER_ROLES);
  const keys = await listApiKeys(viewer.db, viewer.workspaceId);
  const h = await headers();
  const tz = viewer.timeZone;
  const origin = process.env.NEXTAUTH_URL ?? `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host")}`;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="page-title">Settings</h1>
        <p className="text-sm text-slate-500">API access for your CRM, website or scheduling tool. Times in {tz}.</p>
      </div>
      <ApiAccess
        keys={keys.map((k) => ({
          id: k.id,
          name: k.name,
          prefix: k.prefix,
          // Formatted here, in the workspace's zone: the same text on the server and in the browser.
          created: formatDateTime(k.createdAt, tz),
          lastUsed: k.lastUsedAt ? formatDateTime(k.lastUsedAt, tz) : null,
          revoked: k.revokedAt !== null,
          scopes: k.scopes,
        }))}
        timeZone={tz}
        origin={origin.replace(/\/$/, "")}
        workspaceId={viewer.workspaceId}
        userId={viewer.user.id}
      />
    </div>
  );
}
