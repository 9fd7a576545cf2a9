import Link from "next/link";

/** The body of a dashboard `not-found.tsx`: what is missing, why it may be, and the way back to its list. */
export function NotFoundCard({
  title,
  reason,
  href,
  back,
}: {
  title: string;
  reason: string;
  href: string;
  back: string;
}) {
  return (
    <div className="card mx-auto max-w-lg p-6">
      <h1 className="text-lg font-semibold">{title}</h1>
      <p className="mt-2 text-sm text-slate-600">{reason}</p>
      <Link href={href} className="btn-primary mt-4">
        {back}
      </Link>
    </div>
  );
}
