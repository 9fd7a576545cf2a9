import Link from "next/link";

export default function WebhookNotFound() {
  return (
    <div className="card mx-auto max-w-lg p-6">
      <h1 className="text-lg font-semibold">This webhook does not exist</h1>
      <p className="mt-2 text-sm text-slate-600">It may have been deleted, or it belongs to another workspace.</p>
      <Link href="/webhooks" className="btn-primary mt-4">
        All webhooks
      </Link>
    </div>
  );
}
