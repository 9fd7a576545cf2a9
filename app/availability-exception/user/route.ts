// The spec's path (without /v4); same handlers as /v4/availability-exception/user.
export { GET, POST } from "@/app/v4/availability-exception/user/route";
