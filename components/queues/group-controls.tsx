"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { QueueResponse } from "@/lib/api/schemas/queues";
import { planTiers } from "@/lib/routing";
import { createGroupAction, deleteGroupAction, renameGroupAction, reorderGroupsAction } from "@/lib/actions/queues";
import { ActionError, errorMessage, unwrap } from "@/components/ui/action-result";
import { queueKeys } from "./queue-keys";
import { Field } from "@/components/ui/field";

/** After any group change: reload the queue, then who's next. */
function useRefresh(queueId: string) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: queueKeys.queue(queueId) });
}

interface HeaderProps {
  queue: QueueResponse;
  groupId: string | null;
  name: string;
  tier: number;
  index: number;
  groupCount: number;
}

export function GroupHeader({ queue, groupId, name, tier, index, groupCount }: HeaderProps) {
  const refresh = useRefresh(queue.id);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(name);
  const [error, setError] = useState<string | null>(null);
  const order = planTiers(queue.groups)
    .tiers.filter((t) => t.groupId)
    .map((t) => t.groupId as string);

  const run = useMutation({
    mutationFn: (op: () => Promise<unknown>) => op(),
    onMutate: () => setError(null),
    onError: (e) =>
      setError(e instanceof ActionError ? (e.fields.name ? `Name ${e.fields.name}` : e.message) : errorMessage(e)),
    onSuccess: () => setEditing(false),
    onSettled: refresh,
  });

  if (!groupId) {
    return (
      <div>
        <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Tier {tier} · last</p>
        <h3 className="font-medium">{name}</h3>
      </div>
    );
  }
  const swap = (to: number) => {
    const next = order.slice();
    [next[index], next[to]] = [next[to], next[index]];
    run.mutate(() => unwrap(reorderGroupsAction({ queueId: queue.id, groupIds: next })));
  };
  const rename = (e: FormEvent) => {
    e.preventDefault();
    run.mutate(() => unwrap(renameGroupAction({ groupId, name: value })));
  };

  return (
    <div>
      <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">Tier {tier}</p>
      {editing ? (
        <form onSubmit={rename} className="mt-1 flex gap-2" noValidate>
          <label className="sr-only" htmlFor={`rename-${groupId}`}>
            New name for {name}
          </label>
          <input
            id={`rename-${groupId}`}
            className="input py-1"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            autoFocus
          />
          <button className="btn-primary py-1" disabled={run.isPending}>
            Save
          </button>
        </form>
      ) : (
        <h3 className="font-medium">{name}</h3>
      )}
      <div className="mt-1 flex flex-wrap gap-1 text-xs">
        <button
          type="button"
          className="rounded border border-slate-200 bg-white px-1.5 py-0.5 text-slate-600 hover:bg-slate-100 disabled:opacity-40"
          aria-label={`Raise priority of ${name}`}
          disabled={index === 0 || run.isPending}
          onClick={() => swap(index - 1)}
        >
          ↑
        </button>
        <button
          type="button"
          className="rounded border border-slate-200 bg-white px-1.5 py-0.5 text-slate-600 hover:bg-slate-100 disabled:opacity-40"
          aria-label={`Lower priority of ${name}`}
          disabled={index >= groupCount - 1 || run.isPending}
          onClick={() => swap(index + 1)}
        >
          ↓
        </button>
        <button
          type="button"
          className="rounded border border-slate-200 bg-white px-1.5 py-0.5 text-slate-600 hover:bg-slate-100"
          onClick={() => {
            setValue(name);
            setEditing((x) => !x);
          }}
          aria-expanded={editing}
        >
          Rename
        </button>
        <button
          type="button"
          className="rounded border border-red-100 bg-white px-1.5 py-0.5 text-red-600 hover:bg-red-50"
          disabled={run.isPending}
          onClick={() => {
            if (
              window.confirm(
                `Delete the group "${name}"? Its people move to the next group they belong to, or to Ungrouped.`,
              )
            )
              run.mutate(() => unwrap(deleteGroupAction({ groupId })));
          }}
        >
          Delete
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function NewGroupForm({ queue }: { queue: QueueResponse }) {
  const refresh = useRefresh(queue.id);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        createGroupAction({
          queueId: queue.id,
          name,
          userIds: [],
          priority: Math.max(0, ...queue.groups.map((g) => g.priority)) + 1,
        }),
      ),
    onMutate: () => setError(null),
    onError: (e) => setError(e instanceof ActionError && e.fields.name ? `Name ${e.fields.name}` : errorMessage(e)),
    onSuccess: () => setName(""),
    onSettled: refresh,
  });
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
    >
      <Field id="new-group" label="New priority group" className="min-w-48 flex-1" error={error} announce>
        <input
          className="input"
          placeholder="e.g. Senior closers"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      <button className="btn-secondary" disabled={create.isPending}>
        {create.isPending ? "Adding…" : "Add group"}
      </button>
    </form>
  );
}
