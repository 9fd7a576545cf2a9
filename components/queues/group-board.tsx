"use client";
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
  closestCorners,
  type Announcements,
  type DragEndEvent,
  type KeyboardCoordinateGetter,
} from "@dnd-kit/core";
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import type { QueueResponse } from "@/lib/api/schemas/queues";
import { planTiers, tierOf } from "@/lib/routing";
import { moveMemberAction } from "@/lib/actions/queues";
import { errorMessage, unwrap } from "@/components/ui/action-result";
import { GroupHeader, NewGroupForm } from "./group-controls";
import { queueKeys } from "./queue-keys";

const UNGROUPED = "ungrouped";
const colId = (groupId: string | null) => `col:${groupId ?? UNGROUPED}`;

interface Column {
  id: string;
  groupId: string | null;
  name: string;
  tier: number;
  userIds: string[];
}

/** Columns in tier order; each member shows in its best group (the tier routing uses). */
function columnsOf(q: QueueResponse): Column[] {
  const plan = planTiers(q.groups);
  const cols: Column[] = plan.tiers.map((t) => ({
    id: colId(t.groupId),
    groupId: t.groupId,
    name: t.name,
    tier: t.tier,
    userIds: [],
  }));
  for (const u of q.users) cols[tierOf(plan, u.groupIds)].userIds.push(u.userId);
  return cols;
}

/** The queue with `userId` in exactly `toGroupId` (or none): what moveMemberAction will store. */
function moved(q: QueueResponse, userId: string, toGroupId: string | null): QueueResponse {
  return {
    ...q,
    groups: q.groups.map((g) => ({
      ...g,
      userIds: g.id === toGroupId ? [...new Set([...g.userIds, userId])] : g.userIds.filter((u) => u !== userId),
    })),
    users: q.users.map((u) => (u.userId === userId ? { ...u, groupIds: toGroupId ? [toGroupId] : [] } : u)),
  };
}

const STEP: Record<string, number> = { ArrowLeft: -1, ArrowUp: -1, ArrowRight: 1, ArrowDown: 1 };

/**
 * Keyboard moves go tier by tier (left/up = higher tier, right/down = lower), whatever the grid's
 * wrapping at this width; other keys fall back to dnd-kit's sortable keyboard coordinates.
 */
function tierKeyboardCoordinates(cols: Column[]): KeyboardCoordinateGetter {
  return (event, args) => {
    const step = STEP[event.code];
    const { active, over, droppableRects } = args.context;
    if (!step || !active) return sortableKeyboardCoordinates(event, args);
    event.preventDefault();
    const at = String(over?.id ?? active.id);
    const from = cols.findIndex((c) => c.id === at || c.userIds.includes(at));
    const to = cols[Math.min(cols.length - 1, Math.max(0, from + step))];
    const rect = to && droppableRects.get(to.id);
    return rect ? { x: rect.left + 8, y: rect.top + 8 } : undefined;
  };
}

/**
 * Priority groups as columns; drag a member (mouse, touch, or keyboard: focus the handle,
 * Space, arrow keys, Space) into another group and it is saved at once.
 */
export function GroupBoard({ queue }: { queue: QueueResponse }) {
  const qc = useQueryClient();
  const key = queueKeys.queue(queue.id);
  const [error, setError] = useState<string | null>(null);
  const columns = columnsOf(queue);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: tierKeyboardCoordinates(columns) }),
  );
  const nameOf = new Map(queue.users.map((u) => [u.userId, u.name]));
  const columnOf = (id: string | number | undefined) => {
    if (id === undefined) return undefined;
    const s = String(id);
    return columns.find((c) => c.id === s) ?? columns.find((c) => c.userIds.includes(s));
  };

  const move = useMutation({
    mutationFn: (v: { userId: string; toGroupId: string | null }) =>
      unwrap(moveMemberAction({ queueId: queue.id, ...v })),
    onMutate: async (v) => {
      setError(null);
      await qc.cancelQueries({ queryKey: key, exact: true });
      const previous = qc.getQueryData<QueueResponse>(key);
      if (previous) qc.setQueryData(key, moved(previous, v.userId, v.toGroupId));
      return { previous };
    },
    onError: (e, _v, ctx) => {
      if (ctx?.previous) qc.setQueryData(key, ctx.previous);
      setError(errorMessage(e));
    },
    onSuccess: (saved) => qc.setQueryData(key, saved),
    onSettled: () => qc.invalidateQueries({ queryKey: key, predicate: (q) => q.queryKey.length > 2 }),
  });

  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      `Picked up ${nameOf.get(String(active.id))}. Use the arrow keys to move to another group, Space to drop, Escape to cancel.`,
    onDragOver: ({ active, over }) => {
      if (over?.id === active.id) return undefined; // still on its own spot: keep the pick-up instructions
      return over
        ? `${nameOf.get(String(active.id))} is over ${columnOf(over.id)?.name}.`
        : `${nameOf.get(String(active.id))} is not over a group.`;
    },
    onDragEnd: ({ active, over }) =>
      over
        ? `${nameOf.get(String(active.id))} was dropped in ${columnOf(over.id)?.name}.`
        : `${nameOf.get(String(active.id))} was dropped outside the groups; nothing changed.`,
    onDragCancel: ({ active }) => `Moving ${nameOf.get(String(active.id))} was cancelled.`,
  };

  // dnd-kit numbers its aria-describedby ids with a module counter that differs between the server and the
  // browser; React's useId is the same on both, so the drag instructions stay attached after hydration.
  const dndId = useId();

  function onDragEnd({ active, over }: DragEndEvent) {
    const from = columnOf(active.id);
    const to = columnOf(over?.id);
    if (!from || !to || from.id === to.id) return;
    move.mutate({ userId: String(active.id), toGroupId: to.groupId });
  }

  return (
    <section className="card" aria-labelledby="groups-title">
      <div className="border-b border-slate-200 px-4 py-3">
        <h2 id="groups-title" className="font-semibold">
          Priority groups
        </h2>
        <p className="text-xs text-slate-500">
          Tier 1 takes every booking while someone in it is available; the next tier only gets the overflow. Drag people
          between groups (keyboard: focus ⠿, Space, arrows, Space).
        </p>
      </div>
      <div className="space-y-4 p-4">
        {error && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
            {error}
          </p>
        )}
        {/* The chip moves at once; this says when the move is stored, which routing follows from then on. */}
        <p role="status" className="min-h-5 text-sm text-slate-500" data-testid="move-status">
          {move.variables && !move.isError
            ? `${move.isPending ? "Moving" : "Moved"} ${nameOf.get(move.variables.userId)} to ${
                columns.find((c) => c.groupId === move.variables?.toGroupId)?.name ?? "the group"
              }${move.isPending ? "…" : "."}`
            : ""}
        </p>
        <DndContext
          id={dndId}
          sensors={sensors}
          collisionDetection={closestCorners}
          onDragEnd={onDragEnd}
          accessibility={{
            announcements,
            screenReaderInstructions: {
              draggable:
                "To move a person to another group, press Space, use the arrow keys, and press Space again to drop. Escape cancels.",
            },
          }}
        >
          <div className="grid gap-3 sm:grid-cols-[repeat(auto-fit,minmax(11rem,1fr))]">
            {columns.map((c, i) => (
              <GroupColumn
                key={c.id}
                column={c}
                queue={queue}
                nameOf={nameOf}
                index={i}
                groupCount={columns.length - 1}
              />
            ))}
          </div>
        </DndContext>
        <NewGroupForm queue={queue} />
      </div>
    </section>
  );
}

function GroupColumn({
  column,
  queue,
  nameOf,
  index,
  groupCount,
}: {
  column: Column;
  queue: QueueResponse;
  nameOf: Map<string, string>;
  index: number;
  groupCount: number;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: column.id });
  return (
    <div
      ref={setNodeRef}
      data-testid={`group-${column.name}`}
      aria-label={`Tier ${column.tier}: ${column.name}`}
      role="group"
      className={`rounded-lg border p-3 transition ${isOver ? "border-brand-500 bg-brand-50" : "border-slate-200 bg-slate-50"}`}
    >
      <GroupHeader
        queue={queue}
        groupId={column.groupId}
        name={column.name}
        tier={column.tier}
        index={index}
        groupCount={groupCount}
      />
      <SortableContext id={column.id} items={column.userIds} strategy={verticalListSortingStrategy}>
        <ul className="mt-2 min-h-12 space-y-1.5">
          {column.userIds.map((id) => (
            <MemberChip
              key={id}
              id={id}
              name={nameOf.get(id) ?? ""}
              paused={queue.users.find((u) => u.userId === id)?.paused ?? false}
            />
          ))}
          {column.userIds.length === 0 && (
            <li className="rounded-md border border-dashed border-slate-300 px-3 py-3 text-center text-xs text-slate-500">
              Drop people here
            </li>
          )}
        </ul>
      </SortableContext>
    </div>
  );
}

function MemberChip({ id, name, paused }: { id: string; name: string; paused: boolean }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id,
  });
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={`flex items-center gap-2 rounded-md border border-slate-200 bg-white px-2 py-1.5 text-sm shadow-sm ${isDragging ? "relative z-10 opacity-80 ring-2 ring-brand-500" : ""}`}
      data-testid={`chip-${name}`}
    >
      <button
        type="button"
        ref={setActivatorNodeRef}
        {...attributes}
        {...listeners}
        aria-label={`Move ${name}`}
        className="cursor-grab touch-none rounded px-1 text-slate-500 hover:bg-slate-100 hover:text-slate-700"
      >
        ⠿
      </button>
      <span className="truncate">{name}</span>
      {paused && <span className="badge ml-auto bg-amber-50 text-amber-700">Paused</span>}
    </li>
  );
}
