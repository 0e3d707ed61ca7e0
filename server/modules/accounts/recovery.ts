/**
 * Account recovery and verified addresses, after the Lucia guide's password-reset and e-mail-verification
 * designs: a link holds a single-use token of 160 random bits; only its SHA-256 is stored, with the address
 * it went to and a short expiry. Asking for a reset answers the same for every address (the work happens
 * after the answer, through the `password_reset.requested` event); a reset ends every session and, as it
 * proves the address, verifies it. The mails themselves are the mail module's (`account.mail`).
 */
import { hash } from '@node-rs/argon2';
import type { AppContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import * as repo from './repository.ts';
import { erasedEmail, refuseCommonPassword } from './service.ts';
import { generateSecureRandomString, hashSecret } from './session-token.ts';
import type { AccountTokenPurpose, UserRow } from './tables.ts';

const MINUTE = 60_000;
/** How long a link works, and how many a person is sent in an hour (more asks are dropped or refused). */
export const tokenPolicy = {
  password_reset: { validMinutes: 30, perHour: 3 },
  verify_email: { validMinutes: 24 * 60, perHour: 5 },
} as const satisfies Record<AccountTokenPurpose, { validMinutes: number; perHour: number }>;

/** An erased account keeps a pseudonymous address that is never written to. */
const isErased = (user: UserRow) => user.email === erasedEmail(user.id);

/**
 * A new token for `user` unless they were sent `perHour` already this hour (null then). Tokens that
 * expired before this hour began are removed on the way, so the table holds a few rows per person.
 */
async function issueToken(ctx: AppContext, user: UserRow, purpose: AccountTokenPurpose): Promise<string | null> {
  const now = ctx.clock.now();
  const hourAgo = new Date(now.getTime() - 60 * MINUTE).toISOString();
  await repo.deleteExpiredAccountTokens(ctx.db, user.id, hourAgo);
  if ((await repo.countAccountTokensSince(ctx.db, user.id, purpose, hourAgo)) >= tokenPolicy[purpose].perHour)
    return null;
  const token = generateSecureRandomString();
  await repo.insertAccountToken(ctx.db, {
    token_hash: hashSecret(token),
    purpose,
    user_id: user.id,
    email: user.email,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + tokenPolicy[purpose].validMinutes * MINUTE).toISOString(),
  });
  return token;
}

function mailToken(ctx: AppContext, user: UserRow, purpose: AccountTokenPurpose, token: string): void {
  ctx.events.emit('account.mail', {
    purpose,
    userId: user.id,
    to: user.email,
    locale: user.locale,
    token,
    validMinutes: tokenPolicy[purpose].validMinutes,
  });
}

/** The verification mail (at registration and when asked again); answers whether one was sent. */
export async function sendVerificationMail(ctx: AppContext, user: UserRow): Promise<boolean> {
  if (user.email_verified_at !== null || isErased(user)) return false;
  const token = await issueToken(ctx, user, 'verify_email');
  if (token === null) return false;
  mailToken(ctx, user, 'verify_email', token);
  return true;
}

/** "Send the link again" by the signed-in person: 409 when verified already, 429 past the hourly limit. */
export async function resendVerificationMail(ctx: AppContext, userId: string): Promise<void> {
  const user = await repo.findUserById(ctx.db, userId);
  if (!user) throw notFound('Account');
  if (user.email_verified_at !== null)
    throw new AppError(409, 'email_verified_already', 'This address is verified already');
  if (!(await sendVerificationMail(ctx, user))) {
    throw new AppError(
      429,
      'too_many_requests',
      'Several links were sent this hour. Use the newest one, or try again later.',
      undefined,
      {
        retryAfterSeconds: 3600,
      },
    );
  }
}

/** `POST /api/auth/password-reset`: the answer is the same for every address; the work follows it. */
export function requestPasswordReset(ctx: AppContext, email: string): void {
  ctx.events.emit('password_reset.requested', { email });
}

/** The work after the answer: a link for a known, not erased account, within its hourly limit. */
export async function handlePasswordResetRequest(ctx: AppContext, email: string): Promise<void> {
  const user = await repo.findUserByEmail(ctx.db, email);
  if (!user || isErased(user)) return;
  const token = await issueToken(ctx, user, 'password_reset');
  if (token === null) {
    ctx.log.info({ userId: user.id }, 'password reset: hourly limit reached, no mail');
    return;
  }
  mailToken(ctx, user, 'password_reset', token);
}

/** Listens for reset requests (registered with the other domain subscriptions in app.ts). */
export function handleRecoveryRequests(ctx: AppContext): () => void {
  return ctx.events.on('password_reset.requested', ({ email }) => handlePasswordResetRequest(ctx, email));
}

const invalidToken = () =>
  new AppError(400, 'invalid_token', 'This link is not valid (any more). Ask for a new one.', {
    token: 'Not valid or expired',
  });

/**
 * The token of a link, used up: it must exist for `purpose`, not be expired, and the account must still
 * have the address it was sent to. Taken (deleted) before anything else, so it works once even when raced.
 */
async function useToken(ctx: AppContext, token: string, purpose: AccountTokenPurpose): Promise<UserRow> {
  const tokenHash = hashSecret(token);
  const row = await repo.findAccountToken(ctx.db, tokenHash, purpose);
  if (!row) throw invalidToken();
  if (!(await repo.takeAccountToken(ctx.db, tokenHash))) throw invalidToken();
  if (row.expires_at <= ctx.clock.now().toISOString()) throw invalidToken();
  const user = await repo.findUserById(ctx.db, row.user_id);
  if (!user || user.email !== row.email || isErased(user)) throw invalidToken();
  return user;
}

/** A new password through a reset link: every session ends, every reset link goes, and the address counts as verified. */
export async function confirmPasswordReset(ctx: AppContext, token: string, password: string): Promise<void> {
  refuseCommonPassword(password);
  const user = await useToken(ctx, token, 'password_reset');
  const now = ctx.clock.now().toISOString();
  const passwordHash = await hash(password);
  await ctx.db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, user.id, {
      password_hash: passwordHash,
      email_verified_at: user.email_verified_at ?? now,
      updated_at: now,
    });
    await repo.deleteUserSessions(trx, user.id);
    await repo.deleteAccountTokens(trx, user.id, 'password_reset');
  });
  ctx.events.emit('sessions.revoked', { userId: user.id });
  ctx.log.info({ userId: user.id }, 'password reset through a link, all sessions ended');
}

/** The verification link: the address is verified from now on. */
export async function confirmEmailVerification(ctx: AppContext, token: string): Promise<void> {
  const user = await useToken(ctx, token, 'verify_email');
  const now = ctx.clock.now().toISOString();
  await repo.updateUser(ctx.db, user.id, { email_verified_at: user.email_verified_at ?? now, updated_at: now });
  await repo.deleteAccountTokens(ctx.db, user.id, 'verify_email');
  ctx.log.info({ userId: user.id }, 'e-mail address verified');
}
