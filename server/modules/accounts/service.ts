import { hash, verify } from '@node-rs/argon2';
import type { Locale } from '../../../shared/locales.ts';
import type {
  LoginBody,
  MeResponse,
  PeopleQuery,
  Person,
  RegisterBody,
  UpdateMeBody,
  User,
} from '../../../shared/schemas/accounts.ts';
import type { AppContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { claimReauthentication, claimSignIn } from '../throttle/index.ts';
import { isCommonPassword } from './common-passwords.ts';
import * as repo from './repository.ts';
import { judgeSession, newSessionToken, parseSessionToken, secretMatches } from './session-token.ts';
import type { SessionRow, UserRow } from './tables.ts';
import { membershipsOf } from '../organizations/index.ts';
import { sendVerificationMail } from './recovery.ts';
import { requirePlace } from '../postcodes/index.ts';
export {
  confirmEmailVerification,
  confirmPasswordReset,
  requestPasswordReset,
  resendVerificationMail,
} from './recovery.ts';

export interface ValidatedSession {
  session: SessionRow;
  user: UserRow;
  /** True when last_verified_at moved: the cookie's lifetime should be extended. */
  renewed: boolean;
}

/** The pseudonymous address an erased account keeps (unique, never deliverable). */
export const erasedEmail = (userId: string) => `erased-${userId}@erased.invalid`;

/** The profile of a new account, and what erasure leaves of one: nothing about the person, no rights. */
export const blankProfile = {
  postcode: null,
  languages: '[]',
  skills: '[]',
  may_do_paid_work: 'unknown',
  vog_verified_at: null,
  vog_recorded_by: null,
  is_admin: 0,
  count_as_newcomer: 0,
  email_verified_at: null,
  findable: 0,
  lat: null,
  lng: null,
} as const satisfies Partial<UserRow>;

export function toUserDto(ctx: AppContext, row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    locale: row.locale as Locale,
    postcode: row.postcode,
    place: row.postcode ? (ctx.postcodes.lookup(row.postcode)?.place ?? null) : null,
    languages: JSON.parse(row.languages) as string[],
    skills: JSON.parse(row.skills) as string[],
    mayDoPaidWork: row.may_do_paid_work as User['mayDoPaidWork'],
    vogVerified: row.vog_verified_at !== null,
    isAdmin: row.is_admin === 1,
    countAsNewcomer: Number(row.count_as_newcomer) === 1,
    emailVerified: row.email_verified_at !== null,
    findable: Number(row.findable) === 1,
    createdAt: row.created_at,
  };
}

/** Verified against when the account is unknown, so both failures take the same time. */
let dummyHash: Promise<string> | undefined;

export function refuseCommonPassword(password: string): void {
  if (isCommonPassword(password)) {
    throw new AppError(
      400,
      'password_too_common',
      'This password is too common. Choose a longer or less obvious one.',
      {
        password: 'This password is among the most common ones',
      },
    );
  }
}

export async function startSession(ctx: AppContext, userId: string): Promise<string> {
  const t = newSessionToken();
  const now = ctx.clock.now().toISOString();
  await repo.insertSession(ctx.db, {
    id: t.id,
    user_id: userId,
    secret_hash: t.secretHash,
    created_at: now,
    last_verified_at: now,
  });
  return t.token;
}

/**
 * A new account, signed in, and the mail that verifies its address. `addressVerified`: the demo data's
 * fictional people, whose addresses the operator vouches for (no mail is sent to them).
 */
export async function register(
  ctx: AppContext,
  body: RegisterBody,
  options: { addressVerified?: boolean } = {},
): Promise<{ user: User; token: string }> {
  refuseCommonPassword(body.password);
  if (await repo.findUserByEmail(ctx.db, body.email)) {
    throw new AppError(409, 'email_taken', 'An account with this email address exists already', {
      email: 'An account with this email address exists already',
    });
  }
  const now = ctx.clock.now().toISOString();
  const row: UserRow = {
    id: newId(),
    email: body.email,
    password_hash: await hash(body.password),
    display_name: body.displayName,
    locale: body.locale ?? 'nl',
    ...blankProfile,
    is_admin: ctx.config.adminEmails.includes(body.email.toLowerCase()) ? 1 : 0,
    email_verified_at: options.addressVerified ? now : null,
    created_at: now,
    updated_at: now,
  };
  try {
    await repo.insertUser(ctx.db, row);
  } catch (err) {
    // Two registrations racing for one address: the unique index decides.
    if (await repo.findUserByEmail(ctx.db, body.email)) {
      throw new AppError(409, 'email_taken', 'An account with this email address exists already', { email: 'taken' });
    }
    throw err;
  }
  ctx.log.info({ userId: row.id }, 'account registered');
  await sendVerificationMail(ctx, row);
  return { user: toUserDto(ctx, row), token: await startSession(ctx, row.id) };
}

/**
 * ADMIN_EMAILS (config `adminEmails`) makes those accounts platform admins: at registration (above)
 * and here, at start, for accounts that exist already. Nobody else becomes an admin through the API.
 */
export async function applyAdminEmails(ctx: AppContext): Promise<void> {
  if (ctx.config.adminEmails.length === 0) return;
  const promoted = await repo.makeAdmins(ctx.db, ctx.config.adminEmails);
  if (promoted > 0) ctx.log.info({ count: promoted }, 'ADMIN_EMAILS: accounts made platform admins');
}

/**
 * Failed attempts are counted per account and per address before the password is checked (429 with
 * `retryAfterSeconds` while a wait is due); unknown accounts are counted and answered like known ones.
 */
export async function login(ctx: AppContext, body: LoginBody, address: string): Promise<{ user: User; token: string }> {
  const attempt = await claimSignIn(ctx, body.email, address);
  const row = await repo.findUserByEmail(ctx.db, body.email);
  dummyHash ??= hash('not a real password, only for timing');
  // An erased account keeps no usable hash: verification fails like a wrong password.
  const ok = await verify(row?.password_hash ?? (await dummyHash), body.password).catch(() => false);
  if (!row || !ok) {
    ctx.log.info({ known: Boolean(row) }, 'sign-in refused');
    throw new AppError(401, 'invalid_credentials', 'Email address or password is not right');
  }
  await attempt.succeeded();
  ctx.log.info({ userId: row.id }, 'signed in');
  return { user: toUserDto(ctx, row), token: await startSession(ctx, row.id) };
}

export async function validateSessionToken(ctx: AppContext, token: string): Promise<ValidatedSession | null> {
  const parsed = parseSessionToken(token);
  if (!parsed) return null;
  const session = await repo.findSession(ctx.db, parsed.id);
  if (!session || !secretMatches(parsed.secret, session.secret_hash)) return null;
  const now = ctx.clock.now();
  const verdict = judgeSession(
    { createdAt: new Date(session.created_at), lastVerifiedAt: new Date(session.last_verified_at) },
    now,
    ctx.config.session,
  );
  if (verdict === 'expired') {
    await repo.deleteSession(ctx.db, session.id);
    return null;
  }
  const user = await repo.findUserById(ctx.db, session.user_id);
  if (!user) return null;
  if (verdict === 'renew') {
    session.last_verified_at = now.toISOString();
    await repo.touchSession(ctx.db, session.id, session.last_verified_at);
  }
  return { session, user, renewed: verdict === 'renew' };
}

export async function logout(ctx: AppContext, sessionId: string): Promise<void> {
  await repo.deleteSession(ctx.db, sessionId);
}

export async function getMe(ctx: AppContext, userId: string): Promise<MeResponse> {
  const row = await repo.findUserById(ctx.db, userId);
  if (!row) throw notFound('Account');
  const memberships = await membershipsOf(ctx.db, userId);
  return {
    user: toUserDto(ctx, row),
    memberships: memberships.map((m) => ({
      organizationId: m.organization_id,
      organizationName: m.name,
      role: m.role,
    })),
  };
}

export async function updateMe(ctx: AppContext, userId: string, body: UpdateMeBody): Promise<User> {
  if (body.postcode) requirePlace(ctx.postcodes, body.postcode);
  const changes: Parameters<typeof repo.updateUser>[2] = { updated_at: ctx.clock.now().toISOString() };
  if (body.displayName !== undefined) changes.display_name = body.displayName;
  if (body.locale !== undefined) changes.locale = body.locale;
  if (body.postcode !== undefined) {
    // The PC4 centroid goes with the postcode: matching finds findable people by it (never shown).
    const place = body.postcode ? ctx.postcodes.lookup(body.postcode) : undefined;
    changes.postcode = body.postcode;
    changes.lat = place?.lat ?? null;
    changes.lng = place?.lng ?? null;
  }
  if (body.languages !== undefined) changes.languages = JSON.stringify([...new Set(body.languages)]);
  if (body.skills !== undefined) changes.skills = JSON.stringify([...new Set(body.skills)]);
  if (body.mayDoPaidWork !== undefined) changes.may_do_paid_work = body.mayDoPaidWork;
  if (body.countAsNewcomer !== undefined) changes.count_as_newcomer = body.countAsNewcomer ? 1 : 0;
  if (body.findable !== undefined) changes.findable = body.findable ? 1 : 0;
  await repo.updateUser(ctx.db, userId, changes);
  const row = await repo.findUserById(ctx.db, userId);
  if (!row) throw notFound('Account');
  return toUserDto(ctx, row);
}

/**
 * The signed-in person proves they know the password before a change a stolen cookie must not make
 * alone (password change, erasure, signing out everywhere). Its own per-account failure counter.
 */
export async function confirmCurrentPassword(ctx: AppContext, userId: string, currentPassword: string): Promise<void> {
  const attempt = await claimReauthentication(ctx, userId);
  const row = await repo.findUserById(ctx.db, userId);
  if (!row) throw notFound('Account');
  if (!(await verify(row.password_hash, currentPassword).catch(() => false))) {
    throw new AppError(400, 'invalid_credentials', 'The current password is not right', {
      currentPassword: 'Not right',
    });
  }
  await attempt.succeeded();
}

/** A new password ends every other session ("sign out everywhere"), and starts a fresh one here. */
export async function changePassword(
  ctx: AppContext,
  userId: string,
  body: { currentPassword: string; newPassword: string },
): Promise<string> {
  await confirmCurrentPassword(ctx, userId, body.currentPassword);
  refuseCommonPassword(body.newPassword);
  await repo.updateUser(ctx.db, userId, {
    password_hash: await hash(body.newPassword),
    updated_at: ctx.clock.now().toISOString(),
  });
  await repo.deleteUserSessions(ctx.db, userId);
  ctx.events.emit('sessions.revoked', { userId });
  ctx.log.info({ userId }, 'password changed, all sessions ended');
  return startSession(ctx, userId);
}

export async function listSessions(ctx: AppContext, userId: string, currentSessionId: string) {
  const rows = await repo.listSessions(ctx.db, userId);
  return rows.map((s) => ({
    id: s.id,
    createdAt: s.created_at,
    lastUsedAt: s.last_verified_at,
    current: s.id === currentSessionId,
  }));
}

/** "Sign out everywhere": every session but this one ends; answers how many. */
export async function endOtherSessions(
  ctx: AppContext,
  userId: string,
  currentSessionId: string,
  currentPassword: string,
): Promise<number> {
  await confirmCurrentPassword(ctx, userId, currentPassword);
  const ended = await repo.deleteUserSessions(ctx.db, userId, currentSessionId);
  ctx.events.emit('sessions.revoked', { userId });
  ctx.log.info({ userId, ended }, 'signed out everywhere else');
  return ended;
}

export async function endSession(ctx: AppContext, userId: string, sessionId: string): Promise<void> {
  if ((await repo.deleteSession(ctx.db, sessionId, userId)) === 0) throw notFound('Session');
}

/**
 * People who may be found, by display name (at least 2 characters): name and PC4 place only, never
 * an e-mail address or a full postcode. Example: "fat" → [{ id, displayName: "Fatima", place: "Amsterdam" }].
 */
export async function findPeople(ctx: AppContext, actor: { userId: string }, query: PeopleQuery): Promise<Person[]> {
  const rows = await repo.findFindablePeople(ctx.db, query.q, actor.userId, query.limit);
  return rows.map((r) => ({
    id: r.id,
    displayName: r.display_name,
    place: r.postcode ? (ctx.postcodes.lookup(r.postcode)?.place ?? null) : null,
  }));
}
