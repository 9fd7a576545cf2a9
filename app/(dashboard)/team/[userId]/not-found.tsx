import Link from "next/link";

export default function PersonNotFound() {
  return (
    <div className="card mx-auto max-w-lg p-6">
      <h1 className="text-lg font-semibold">This person does not exist</h1>
      <p className="mt-2 text-sm text-slate-600">The link may be wrong, or the person belongs to another workspace.</p>
      <Link href="/team" className="btn-primary mt-4">
        The team
      </Link>
    </div>
  );
}
