export { DELETE } from "@/app/v4/availability-exception/user/[id]/route";
