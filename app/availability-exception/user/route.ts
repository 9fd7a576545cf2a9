// The spec's path (without /v4); same handlers as /v4/availability-exception/user.
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
export { GET, POST } from "@/app/v4/availability-exception/user/route";

export const { PUT, PATCH, DELETE } = methodNotAllowed(["GET", "POST"]);
