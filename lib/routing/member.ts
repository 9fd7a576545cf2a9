import type { MemberInput } from "./types";

/**
 * A member with no queue state (weight 1, no caps, no groups, no counts, nothing busy, working
 * hours unchecked) with `over` applied: a user checked outside any queue (handoffs), and tests.
 */
export function bareMember(userId: string, over: Partial<MemberInput> = {}): MemberInput {
  return {
    userId,
    weight: 1,
    capPerDay: null,
    capPerWeek: null,
    groupIds: [],
    position: 0,
    windowCount: 0,
    windowCredit: 0,
    dayCount: 0,
    weekCount: 0,
    lastAssignedAt: null,
    exceptions: [],
    busy: [],
    workingHours: null,
    ...over,
  };
}
