import type { Role } from "@/db/schema";

export interface NavItem { href: string; label: string; roles: Role[] }

const MANAGERS: Role[] = ["admin", "manager"];
const EVERYONE: Role[] = ["admin", "manager", "rep"];

/** One list drives the sidebar and the phone menu; the pages check roles themselves too. */
export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Overview", roles: MANAGERS },
  { href: "/my", label: "My assignments", roles: EVERYONE },
];

export const navFor = (role: Role) => NAV_ITEMS.filter((i) => i.roles.includes(role));
