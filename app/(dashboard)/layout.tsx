import type { ReactNode } from "react";
import { eq } from "drizzle-orm";
import { workspaces } from "@/db/schema";
import { requirePageViewer } from "@/lib/auth/session";
import { Sidebar } from "@/components/shell/sidebar";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const viewer = await requirePageViewer();
  const [ws] = await viewer.db.select().from(workspaces).where(eq(workspaces.id, viewer.workspaceId));
  return (
    <div className="min-h-screen md:flex">
      <Sidebar userName={viewer.user.name} role={viewer.role} workspaceName={ws?.name ?? ""} />
      <main className="min-w-0 flex-1 px-4 py-6 md:px-8 md:py-8">{children}</main>
    </div>
  );
}
