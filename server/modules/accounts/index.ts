/** The face of `accounts` for other modules: people by id or email, VOG facts, password confirmation, and the person's own data. */
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import { notFound } from '../../errors.ts';
import * as repo from './repository.ts';
import { blankProfile, erasedEmail, toUserDto } from './service.ts';

export { findUserByEmail, findUserById, newcomerFlags } from './repository.ts';
/** Privacy asks for the password again before erasing; app.ts applies ADMIN_EMAILS at start. */
export { applyAdminEmails, confirmCurrentPassword } from './service.ts';
/** app.ts subscribes the work behind "forgot password" (after the answer, the same for every address). */
export { handleRecoveryRequests } from './recovery.ts';


/** A coordinator saw a valid VOG of this person on `checkedAt`. */
export async function recordVogCheck(db: Db, userId: string, fact: { checkedAt: string; recordedBy: string; now: string }): Promise<void> {
  await repo.updateUser(db, userId, { vog_verified_at: fact.checkedAt, vog_recorded_by: fact.recordedBy, updated_at: fact.now });
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
  return row !== undefined && row.email !== erasedEmail(userId);
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
