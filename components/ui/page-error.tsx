"use client";
import { useEffect } from "react";

/** Body of every error.tsx: a plain sentence and a way to try again. */
export function PageError({
  error,
  reset,
  what,
}: {
  error: Error & { digest?: string };
  reset: () => void;
  what: string;
}) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="card mx-auto max-w-lg p-6" role="alert">
      <h1 className="text-lg font-semibold">We could not load {what}</h1>
      <p className="mt-2 text-sm text-slate-600">
        Something went wrong on our side while reading the data. Nothing was changed. Try again, and if it keeps
        happening, tell your Baton admin{error.digest ? ` (reference ${error.digest})` : ""}.
      </p>
      <button className="btn-primary mt-4" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
