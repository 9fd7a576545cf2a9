import type { Role } from "@/db/schema";

declare module "next-auth" {
  interface User {
    workspaceId: string;
    role: Role;
  }
  interface Session {
    user: {
      id: string;
      workspaceId: string;
      role: Role;
      name?: string | null;
      email?: string | null;
      image?: string | null;
    };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    userId: string;
    workspaceId: string;
    role: Role;
  }
}
