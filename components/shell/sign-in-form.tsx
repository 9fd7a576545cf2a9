"use client";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Field } from "@/components/ui/field";

export function SignInForm() {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const res = await signIn("credentials", {
      email: form.get("email"),
      password: form.get("password"),
      redirect: false,
    });
    setPending(false);
    if (res?.status === 429 || res?.error === "TooManyAttempts")
      return setError("Too many sign-in attempts. Wait 15 minutes and try again.");
    if (!res || res.error) return setError("That email and password do not match an account.");
    // A full load, as on sign-out: nothing cached for an earlier session (query caches, the router's
    // prefetched pages) stays, and no client-side replace and refresh race each other (a hidden second copy
    // of the next page was seen in CI once).
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign("/");
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field id="email" label="Email">
        <input className="input" name="email" type="email" autoComplete="username" required />
      </Field>
      <Field id="password" label="Password">
        <input className="input" name="password" type="password" autoComplete="current-password" required />
      </Field>
      {error && (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      <button className="btn-primary w-full" disabled={pending} type="submit">
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
