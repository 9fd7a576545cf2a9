export function StatusBadge({ status }: { status: "confirmed" | "cancelled" }) {
  return status === "confirmed" ? (
    <span className="badge bg-emerald-50 text-emerald-700">Confirmed</span>
  ) : (
    <span className="badge bg-slate-100 text-slate-600">Cancelled</span>
  );
}
