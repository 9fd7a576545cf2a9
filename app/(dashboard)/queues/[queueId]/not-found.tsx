import { NotFoundCard } from "@/components/ui/not-found-card";

export default function QueueNotFound() {
  return (
    <NotFoundCard
      title="This queue does not exist"
      reason="It may have been removed, or the link belongs to another workspace."
      href="/queues"
      back="All queues"
    />
  );
}
