/** A workspace with a key, and a client bound to its headers, for API tests. */
import type { Db } from "@/db/client";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { call, type CallOptions } from "./app-router";

let n = 0;
export async function apiWorkspace(db: Db, name = "Acme") {
  n += 1;
  const ws = await createWorkspace(db, {
    name,
    adminEmail: `admin-${n}-${Date.now()}@${name.toLowerCase().replace(/\W/g, "")}.test`,
    adminPassword: "password123",
    timeZone: "Europe/Berlin",
  });
  const headers = { authorization: `Bearer ${ws.key}`, "x-meetergo-api-user-id": ws.admin.id };
  const client = {
    headers,
    call: (method: string, url: string, opts: CallOptions = {}) =>
      call(method, url, { ...opts, headers: { ...headers, ...opts.headers } }),
    get: (url: string) => client.call("GET", url),
    post: (url: string, body: unknown, extra?: Record<string, string>) =>
      client.call("POST", url, { body, headers: extra }),
    patch: (url: string, body: unknown) => client.call("PATCH", url, { body }),
    delete: (url: string) => client.call("DELETE", url),
  };
  return { ...ws, client };
}
