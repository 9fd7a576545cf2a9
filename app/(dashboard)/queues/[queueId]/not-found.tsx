import Link from "next/link";

export default function QueueNotFound() {
  return (
    <div className="card mx-auto max-w-lg p-6">
      <h1 className="text-lg font-semibold">This queue does not exist</h1>
      <p className="mt-2 text-sm text-slate-600">It may have been removed, or the link belongs to another workspace.</p>
      <Link href="/queues" className="btn-primary mt-4">
        All queues
      </Link>
    </div>
  );
}
