import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentViewer } from "@/lib/auth/session";
import { Logo } from "@/components/shell/logo";
import { SignInForm } from "@/components/shell/sign-in-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage() {
  if (await currentViewer()) redirect("/");
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <Logo className="text-2xl" />
          <p className="mt-2 text-sm text-slate-500">Route every booking to the right person.</p>
        </div>
        <div className="card p-6">
          <h1 className="mb-4 text-lg font-semibold">Sign in to your workspace</h1>
          <SignInForm />
        </div>
      </div>
    </main>
  );
}
