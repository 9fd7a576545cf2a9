import { NotFoundCard } from "@/components/ui/not-found-card";

export default function PersonNotFound() {
  return (
    <NotFoundCard
      title="This person does not exist"
      reason="The link may be wrong, or the person belongs to another workspace."
      href="/team"
      back="The team"
    />
  );
}
