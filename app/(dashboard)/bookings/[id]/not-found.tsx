import { NotFoundCard } from "@/components/ui/not-found-card";

export default function BookingNotFound() {
  return (
    <NotFoundCard
      title="This booking does not exist"
      reason="The link may be wrong, or the booking belongs to another workspace."
      href="/bookings"
      back="All bookings"
    />
  );
}
