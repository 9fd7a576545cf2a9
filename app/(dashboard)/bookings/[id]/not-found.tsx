import Link from "next/link";

export default function BookingNotFound() {
  return (
    <div className="card mx-auto max-w-lg p-6">
      <h1 className="text-lg font-semibold">This booking does not exist</h1>
      <p className="mt-2 text-sm text-slate-600">The link may be wrong, or the booking belongs to another workspace.</p>
      <Link href="/bookings" className="btn-primary mt-4">
        All bookings
      </Link>
    </div>
  );
}
