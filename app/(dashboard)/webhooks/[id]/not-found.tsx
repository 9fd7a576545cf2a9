import { NotFoundCard } from "@/components/ui/not-found-card";

export default function WebhookNotFound() {
  return (
    <NotFoundCard
      title="This webhook does not exist"
      reason="It may have been deleted, or it belongs to another workspace."
      href="/webhooks"
      back="All webhooks"
    />
  );
}
