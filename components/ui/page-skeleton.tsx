/** Shown by loading.tsx files while a page's data loads. */
export function PageSkeleton({ title, blocks = 2 }: { title: string; blocks?: number }) {
  return (
    <div className="space-y-6" aria-busy="true" aria-live="polite">
      <h1 className="page-title">{title}</h1>
      <p className="sr-only">Loading…</p>
      {Array.from({ length: blocks }, (_, i) => (
        <div key={i} className="card h-40 animate-pulse bg-slate-100/60" />
      ))}
    </div>
  );
}
