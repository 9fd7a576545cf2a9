import type { Role } from "@/db/schema";

/** Roles that manage the workspace; reps see and change only their own data. */
export const MANAGER_ROLES: Role[] = ["admin", "manager"];
export const isManager = (role: Role) => MANAGER_ROLES.includes(role);
