/** The face of `engagements` for other modules: proposing an engagement, its calendar, and the person's own data. */
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import { withdrawOpenEngagements } from './erasure.ts';
import { personMessage } from './messages.ts';
import * as repo from './repository.ts';

export { createEngagement } from './service.ts';
/** The realtime hub re-checks, per delivery, that a person may still read an engagement and its message. */
export { mayRead, messageForReader } from './messages.ts';

/**
 * Messages written before the engagement — questions about its need or offer between the same two
 * parties — become the start of its conversation, at their own times (inside the caller's transaction).
 */
export async function importConversation(
  trx: Db,
  engagementId: string,
  messages: readonly { authorUserId: string; text: string; at: string }[],
): Promise<void> {
  for (const m of messages) await personMessage(trx, engagementId, m.authorUserId, m.text, m.at);
}
/** The Amsterdam calendar month and day of an instant (allowance periods; impact counts by the same days). */
export { allowancePeriod } from './allowance-guard.ts';
/** The engagement flow itself (pure): neighbour help walks the same states with the same sides. */
export { allowedActions, decide } from './state-machine.ts';

/** Their engagements, hour-log notes and messages (GDPR art. 15/20). */
export async function personalData(ctx: AppContext, userId: string) {
  return repo.personalData(ctx.db, userId);
}

/**
 * Erasure: open engagements are withdrawn (reservations voided), then messages become an "erased"
 * marker and notes go; minutes, amounts and statuses of past work stay.
 */
export async function erasePersonalData(ctx: AppContext, trx: Db, userId: string): Promise<void> {
  await withdrawOpenEngagements(ctx, trx, userId);
  await repo.erasePersonalData(trx, userId);
}
