"use server";
/** Availability exceptions from the team page: the /availability-exception services. Managers only. */
import { z } from "zod";
import { MANAGER_ROLES } from "@/lib/auth/session";
import { runAction } from "@/lib/http/action";
import * as v from "@/lib/validation";
import { exceptionCreateBody } from "@/lib/api/schemas/exceptions";
import { createException, deleteException } from "@/lib/people/manage-availability-exceptions";

const addInput = exceptionCreateBody.extend({ userId: v.uuid });
export async function addExceptionAction(input: z.input<typeof addInput>) {
  return runAction(MANAGER_ROLES, addInput, input, (viewer, { userId, ...body }) =>
    createException(viewer.db, viewer.workspaceId, userId, body, { actorUserId: viewer.user.id }),
  );
}

const ref = z.object({ id: v.uuid });
export async function deleteExceptionAction(input: z.input<typeof ref>) {
  return runAction(MANAGER_ROLES, ref, input, (viewer, i) =>
    deleteException(viewer.db, viewer.workspaceId, i.id, { actorUserId: viewer.user.id }),
  );
}
