"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useState } from "react";
import type { Role } from "@/db/schema";
import { Logo } from "./logo";
import { navFor } from "./nav-items";

interface Props {
  userName: string;
  role: Role;
  workspaceName: string;
}

export function Sidebar({ userName, role, workspaceName }: Props) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const items = navFor(role);
  const active = (href: string) => (href === "/" ? pathname === "/" : pathname.startsWith(href));

  return (
    <>
      <header className="flex items-center justify-between border-b border-slate-200 bg-white px-4 py-3 md:hidden">
        <Logo />
        <button
          className="btn-secondary"
          aria-expanded={open}
          aria-controls="sidebar"
          onClick={() => setOpen((o) => !o)}
        >
          Menu
        </button>
      </header>
      <aside
        id="sidebar"
        className={`${open ? "block" : "hidden"} border-b border-slate-200 bg-white md:sticky md:top-0 md:block md:h-screen md:w-60 md:shrink-0 md:border-r md:border-b-0`}
      >
        <div className="flex h-full flex-col p-4">
          <div className="mb-6 hidden md:block">
            <Logo className="text-lg" />
            <p className="mt-1 truncate text-xs text-slate-500" title={workspaceName}>
              {workspaceName}
            </p>
          </div>
          <nav aria-label="Main" className="flex-1 space-y-1">
            {items.map((item) => (
              <Link
                key={item.href}
                href={item.href}
                onClick={() => setOpen(false)}
                aria-current={active(item.href) ? "page" : undefined}
                className={`block rounded-lg px-3 py-2 text-sm font-medium ${active(item.href) ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100"}`}
              >
                {item.label}
              </Link>
            ))}
          </nav>
          <div className="mt-6 border-t border-slate-200 pt-4">
            <p className="truncate text-sm font-medium" data-testid="current-user">
              {userName}
            </p>
            <p className="text-xs capitalize text-slate-500">{role}</p>
            <button
              className="btn-secondary mt-3 w-full"
              onClick={async () => {
                // next-auth v4 builds its redirect from NEXTAUTH_URL (localhost:3000 when unset); the sign-in
                // page is reached from this page's own origin instead, whatever port or host serves the app.
                await signOut({ redirect: false });
                // A full load on purpose: nothing of the signed-out session stays in memory (query caches).
                // eslint-disable-next-line @next/next/no-location-assign-relative-destination
                window.location.assign("/signin");
              }}
            >
              Sign out
            </button>
          </div>
        </div>
      </aside>
    </>
  );
}
