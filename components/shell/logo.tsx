export function Logo({ className = "" }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight ${className}`}>
      <svg viewBox="0 0 24 24" className="h-6 w-6" aria-hidden>
        <rect width="24" height="24" rx="6" className="fill-brand-600" />
        <path d="M6 17 L17 6" stroke="white" strokeWidth="2.5" strokeLinecap="round" />
        <circle cx="17" cy="6" r="2" fill="white" />
      </svg>
      Baton
    </span>
  );
}
