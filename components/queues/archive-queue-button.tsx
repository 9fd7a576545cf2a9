"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { archiveQueueAction } from "@/lib/actions/queues";
import { errorMessage, unwrap } from "@/components/ui/action-result";

/** Archive (no more bookings, hidden from the list) or restore a queue; asks first. */
export function ArchiveQueueButton({ queueId, name, archived }: { queueId: string; name: string; archived: boolean }) {
  const router = useRouter();
  const toggle = useMutation({
    mutationFn: () => unwrap(archiveQueueAction({ queueId, archived: !archived })),
    onSuccess: () => (archived ? router.refresh() : router.push("/queues")),
  });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        className={archived ? "btn-secondary" : "btn-danger"}
        disabled={toggle.isPending}
        onClick={() => {
          if (archived || window.confirm(`Archive ${name}? It takes no more bookings; bookings already made stay.`))
            toggle.mutate();
        }}
      >
        {archived ? "Restore queue" : "Archive queue"}
      </button>
      {toggle.isError && (
        <p role="alert" className="text-sm text-red-700">
          {errorMessage(toggle.error)}
        </p>
      )}
    </div>
  );
}
