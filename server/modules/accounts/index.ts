/** The face of `accounts` for other modules: people by id or email, VOG facts, password confirmation, and the person's own data. */
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import { notFound } from '../../errors.ts';
import * as repo from './repository.ts';
import { blankProfile, erasedEmail, toUserDto } from './service.ts';
import { judgeSession } from './session-token.ts';

export { findUserByEmail, findUserById, newcomerFlags } from './repository.ts';
/** Privacy asks for the password again before erasing; app.ts applies ADMIN_EMAILS at start. */
export { applyAdminEmails, confirmCurrentPassword } from './service.ts';
/** app.ts subscribes the work behind "forgot password" (after the answer, the same for every address). */
export { handleRecoveryRequests } from './recovery.ts';

/**
 * Which of these sessions still stand (not ended, not expired), each with the instant it expires
 * unless used again: the realtime hub closes its sockets then, and re-checks on a timer.
 */
export async function liveSessions(ctx: AppContext, sessionIds: string[]): Promise<Map<string, number>> {
  if (sessionIds.length === 0) return new Map();
  const now = ctx.clock.now();
  const live = new Map<string, number>();
  for (const s of await repo.findSessionsByIds(ctx.db, sessionIds)) {
    const session = { createdAt: new Date(s.created_at), lastVerifiedAt: new Date(s.last_verified_at) };
    if (judgeSession(session, now, ctx.config.session) !== 'expired') live.set(s.id, sessionExpiresAt(ctx, s));
  }
  return live;
}

/** When a session expires unless it is used again: inactivity or the absolute cap, whichever comes first (ms). */
export function sessionExpiresAt(ctx: AppContext, s: { created_at: string; last_verified_at: string }): number {
  const { inactivityMs, maxAgeMs } = ctx.config.session;
  return Math.min(Date.parse(s.last_verified_at) + inactivityMs, Date.parse(s.created_at) + maxAgeMs);
}

/** The pseudonymous address an erased account keeps (unique, never deliverable). */

/** Whether an account row is an erased person's pseudonym: nobody sends it credits or adds it anywhere. */
export const isErased = (row: { id: string; email: string }): boolean => row.email === erasedEmail(row.id);

/** A coordinator saw a valid VOG of this person on `checkedAt`. */
export async function recordVogCheck(
  db: Db,
  userId: string,
  fact: { checkedAt: string; recordedBy: string; now: string },
): Promise<void> {
  await repo.updateUser(db, userId, {
    vog_verified_at: fact.checkedAt,
    vog_recorded_by: fact.recordedBy,
    updated_at: fact.now,
  });
}

/** The profile and sessions (GDPR art. 15/20). 404 when there is no such account. */
export async function personalData(ctx: AppContext, userId: string) {
  const row = await repo.findUserById(ctx.db, userId);
  if (!row) throw notFound('Account');
  const sessions = await repo.listSessions(ctx.db, userId);
  return {
    user: { ...toUserDto(ctx, row), vogVerifiedAt: row.vog_verified_at, updatedAt: row.updated_at },
    sessions: sessions.map((s) => ({ createdAt: s.created_at, lastUsedAt: s.last_verified_at })),
  };
}

/** Whether the account exists (inside the erasing transaction, before anything is touched). */
export async function requireAccount(db: Db, userId: string): Promise<void> {
  if (!(await repo.findUserById(db, userId))) throw notFound('Account');
}

/** Whether the account exists and is not erased: a restore erases such a person again. */
export async function holdsPersonalData(db: Db, userId: string): Promise<boolean> {
  const row = await repo.findUserById(db, userId);
  return row !== undefined && !isErased(row);
}

/**
 * Erasure (GDPR art. 17): sessions end and the account row stays as a pseudonym, because
 * engagements and ledger accounts point to it. Runs last, after the other modules erased theirs.
 */
export async function erasePersonalData(ctx: AppContext, trx: Db, userId: string): Promise<void> {
  await repo.deleteUserSessions(trx, userId);
  await repo.deleteAccountTokens(trx, userId);
  await repo.updateUser(trx, userId, {
    email: erasedEmail(userId),
    password_hash: '!erased',
    display_name: '',
    ...blankProfile,
    updated_at: ctx.clock.now().toISOString(),
  });
}
