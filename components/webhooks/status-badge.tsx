const STYLES: Record<string, string> = {
  succeeded: "bg-emerald-50 text-emerald-800",
  pending: "bg-amber-50 text-amber-800",
  failed: "bg-red-50 text-red-800",
  active: "bg-emerald-50 text-emerald-800",
  disabled: "bg-slate-100 text-slate-700",
};
const LABELS: Record<string, string> = {
  succeeded: "Delivered",
  pending: "Pending",
  failed: "Failed",
  active: "Active",
  disabled: "Disabled",
};

export function StatusBadge({ status }: { status: keyof typeof STYLES | string }) {
  return <span className={`badge ${STYLES[status] ?? "bg-slate-100 text-slate-700"}`}>{LABELS[status] ?? status}</span>;
}
