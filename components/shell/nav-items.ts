import type { Role } from "@/db/schema";

export interface NavItem {
  href: string;
  label: string;
  roles: Role[];
}

const MANAGERS: Role[] = ["admin", "manager"];
const EVERYONE: Role[] = ["admin", "manager", "rep"];

/** One list drives the sidebar and the phone menu; the pages check roles themselves too. */
export const NAV_ITEMS: NavItem[] = [
  { href: "/", label: "Overview", roles: MANAGERS },
  { href: "/queues", label: "Queues", roles: MANAGERS },
  { href: "/bookings", label: "Bookings", roles: MANAGERS },
  { href: "/coverage", label: "Vacation coverage", roles: MANAGERS },
  { href: "/team", label: "Team", roles: MANAGERS },
  { href: "/webhooks", label: "Webhooks", roles: MANAGERS },
  { href: "/settings", label: "Settings", roles: MANAGERS },
  { href: "/my", label: "My assignments", roles: EVERYONE },
  { href: "/docs", label: "API reference", roles: MANAGERS },
];

export const navFor = (role: Role) => NAV_ITEMS.filter((i) => i.roles.includes(role));
