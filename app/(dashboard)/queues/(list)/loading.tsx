import { PageSkeleton } from "@/components/ui/page-skeleton";

/**
 * The list's skeleton lives in this route group, not one level up: a loading boundary above the detail page
 * would stream it, and a missing id would then answer HTTP 200 instead of 404.
 */
export default function Loading() {
  return <PageSkeleton title="Queues" />;
}
