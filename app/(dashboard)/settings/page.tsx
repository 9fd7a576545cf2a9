import type { Metadata } from "next";
import { headers } from "next/headers";
import { MANAGER_ROLES, requirePageViewer } from "@/lib/auth/session";
import { listApiKeys } from "@/lib/workspaces/manage-api-keys";
import { ApiKeys } from "@/components/settings/api-keys";
import { ApiSnippet } from "@/components/settings/api-snippet";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const viewer = await requirePageViewer(MANAGER_ROLES);
  const keys = await listApiKeys(viewer.db, viewer.workspaceId);
  const h = await headers();
  const origin = process.env.NEXTAUTH_URL ?? `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host")}`;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="page-title">Settings</h1>
        <p className="text-sm text-slate-500">API access for your CRM, website or scheduling tool.</p>
      </div>
      <ApiKeys
        keys={keys.map((k) => ({
          id: k.id,
          name: k.name,
          prefix: k.prefix,
          createdAt: k.createdAt.toISOString(),
          lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
          revokedAt: k.revokedAt?.toISOString() ?? null,
          scopes: k.scopes,
        }))}
      />
      <ApiSnippet origin={origin.replace(/\/$/, "")} workspaceId={viewer.workspaceId} userId={viewer.user.id} />
    </div>
  );
}
