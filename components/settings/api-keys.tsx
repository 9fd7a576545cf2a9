"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createApiKeyAction, revokeApiKeyAction } from "@/lib/actions/workspaces";
import { ActionError, errorMessage, unwrap } from "@/components/ui/action-result";
import { EmptyState } from "@/components/ui/empty-state";
import { API_KEY_SCOPES, API_KEY_SCOPE_NAMES, type ApiKeyScope } from "@/db/api-key-scopes";
import { CopyButton } from "./copy-button";
import { Field } from "@/components/ui/field";

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  /** Created and last used, already written in the workspace's zone by the page. */
  created: string;
  lastUsed: string | null;
  revoked: boolean;
  scopes: ApiKeyScope[];
}
export interface FreshKey {
  key: string;
  name: string;
}

/** Create (the key is shown this once), list and revoke API keys. */
export function ApiKeys({
  keys,
  timeZone,
  fresh,
  setFresh,
}: {
  keys: ApiKeyRow[];
  timeZone: string;
  fresh: FreshKey | null;
  setFresh: (fresh: FreshKey | null) => void;
}) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiKeyScope[]>(API_KEY_SCOPE_NAMES);
  const create = useMutation({
    mutationFn: () => unwrap(createApiKeyAction({ name, scopes })),
    onSuccess: (r) => {
      setFresh({ key: r.key, name });
      setName("");
      setScopes(API_KEY_SCOPE_NAMES);
      router.refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(revokeApiKeyAction({ id })),
    onSuccess: () => router.refresh(),
  });
  const nameError = create.error instanceof ActionError ? create.error.fields.name : undefined;
  const scopesError = create.error instanceof ActionError ? create.error.fields.scopes : undefined;
  const toggle = (scope: ApiKeyScope, on: boolean) =>
    setScopes((now) => API_KEY_SCOPE_NAMES.filter((s) => (s === scope ? on : now.includes(s))));

  return (
    <section className="card" aria-labelledby="keys-title">
      <div className="border-b border-slate-200 px-4 py-3">
        <h2 id="keys-title" className="font-semibold">
          API keys
        </h2>
        <p className="text-xs text-slate-500">
          A key acts for this workspace. It is shown once; Baton stores only a hash.
        </p>
      </div>
      <form
        className="flex flex-wrap items-end gap-2 p-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <Field id="key-name" label="Name" className="min-w-48 flex-1" error={nameError && `Name ${nameError}`}>
          <input
            className="input"
            placeholder="e.g. HubSpot workflow"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        {create.isError && !nameError && !scopesError && (
          <p role="alert" className="field-error">
            {errorMessage(create.error)}
          </p>
        )}
        <fieldset className="w-full" aria-describedby={scopesError ? "key-scopes-error" : undefined}>
          <legend className="label">What the key may do</legend>
          <div className="flex flex-wrap gap-x-5 gap-y-2">
            {API_KEY_SCOPE_NAMES.map((scope) => (
              <label key={scope} className="flex max-w-xs items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  className="mt-1"
                  checked={scopes.includes(scope)}
                  onChange={(e) => toggle(scope, e.target.checked)}
                />
                <span>
                  <span className="font-medium">{API_KEY_SCOPES[scope].label}</span>
                  <span className="block text-xs text-slate-500">{API_KEY_SCOPES[scope].description}</span>
                </span>
              </label>
            ))}
          </div>
          {scopesError && (
            <p id="key-scopes-error" className="field-error">
              Scopes {scopesError}
            </p>
          )}
        </fieldset>
        <button className="btn-primary" disabled={create.isPending}>
          {create.isPending ? "Creating…" : "Create key"}
        </button>
      </form>
      {fresh && (
        <div role="status" className="mx-4 mb-4 rounded-lg border border-emerald-200 bg-emerald-50 p-3">
          <p className="text-sm font-medium text-emerald-800">
            Your new key &ldquo;{fresh.name}&rdquo;. Copy it now: it will not be shown again.
          </p>
          <div className="mt-2 flex items-center gap-2">
            <code
              className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1 font-mono text-xs"
              data-testid="new-api-key"
            >
              {fresh.key}
            </code>
            <CopyButton text={fresh.key} />
          </div>
          <button type="button" className="mt-2 text-xs text-emerald-800 underline" onClick={() => setFresh(null)}>
            I have saved it
          </button>
        </div>
      )}
      {keys.length === 0 ? (
        <EmptyState title="No API keys yet">
          Create one for each integration, so you can revoke them one by one.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="data-table" data-testid="api-keys">
            <thead>
              <tr>
                <th>Name</th>
                <th>Prefix</th>
                <th>Scopes</th>
                <th className="hidden sm:table-cell">Created ({timeZone})</th>
                <th className="hidden sm:table-cell">Last used ({timeZone})</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((k) => (
                <tr key={k.id} className={k.revoked ? "text-slate-500" : ""}>
                  <td>
                    {k.name}
                    {k.revoked && <span className="badge ml-2 bg-slate-100 text-slate-600">Revoked</span>}
                  </td>
                  <td>
                    <code className="font-mono text-xs">bt_{k.prefix}…</code>
                  </td>
                  <td>
                    <span className="flex flex-wrap gap-1" data-testid="key-scopes">
                      {k.scopes.map((scope) => (
                        <span key={scope} className="badge bg-slate-100 text-slate-700">
                          {API_KEY_SCOPES[scope].label}
                        </span>
                      ))}
                    </span>
                  </td>
                  <td className="hidden whitespace-nowrap sm:table-cell">{k.created}</td>
                  <td className="hidden whitespace-nowrap sm:table-cell">{k.lastUsed ?? "Never"}</td>
                  <td className="text-right">
                    {!k.revoked && (
                      <button
                        type="button"
                        className="btn-danger px-2.5 py-1 text-xs"
                        disabled={revoke.isPending}
                        onClick={() => {
                          if (window.confirm(`Revoke "${k.name}"? Integrations using it stop working at once.`))
                            revoke.mutate(k.id);
                        }}
                      >
                        Revoke<span className="sr-only"> {k.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoke.isError && (
        <p role="alert" className="p-4 text-sm text-red-700">
          {errorMessage(revoke.error)}
        </p>
      )}
    </section>
  );
}
