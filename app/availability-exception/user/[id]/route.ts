import { methodNotAllowed } from "@/lib/http/method-not-allowed";
export { DELETE } from "@/app/v4/availability-exception/user/[id]/route";

export const { GET, POST, PUT, PATCH } = methodNotAllowed(["DELETE"]);
