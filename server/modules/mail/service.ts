/**
 * E-mail: notifications for a person (`MailNotification`: who, which kind, what it is about) become
 * mails in their language, at once or in the daily digest by their preference per kind; account mails
 * (verification, password reset) go out at once. Only a verified address gets notification mail.
 * Every notification mail is written to `mail_outbox` before it is sent, so a failed send is retried
 * (`retryUnsentMail`) and digest lines wait for `sendDigests`.
 */
import {
  mailKindDefaults,
  mailKinds,
  type MailKind,
  type MailMode,
  type MailPreference,
} from '../../../shared/schemas/mail.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { findUserById, holdsPersonalData } from '../accounts/index.ts';
import { lastDigestTime } from './digest-schedule.ts';
import { renderAccountMail, renderDigestMail, renderImmediateMail, type MailLine } from './render.ts';
import * as repo from './repository.ts';
import type { MailOutboxRow } from './tables.ts';
import { createMailSender, type MailSender, type OutgoingMail } from './transport.ts';
import { readUnsubscribeToken, unsubscribeToken } from './unsubscribe-token.ts';

/** What a notification mail says: the need's title, the app page it links to, and for updates which change. */
export interface OutboxParams {
  title: string;
  /** A path of the web app, e.g. `/engagements/<id>`. */
  path: string;
  event?: string;
}

/** The input of the mail module: a notification for person `userId` of `kind`. */
export interface MailNotification {
  userId: string;
  kind: MailKind;
  params: OutboxParams;
}

/** An immediate mail that failed is tried again a minute later, at most this many times. */
export const MAX_ATTEMPTS = 5;
const RETRY_AFTER_MS = 60_000;
const BATCH = 200;

// Keyed by the app's config, which every copy of its context shares (a job gets `{ ...ctx, db }`).
const senders = new WeakMap<AppContext['config'], MailSender>();
/** The app's one sender (SMTP or .eml files), made on first use. */
function sender(ctx: AppContext): MailSender {
  let s = senders.get(ctx.config);
  if (!s) {
    s = createMailSender(ctx.config.mail);
    senders.set(ctx.config, s);
  }
  return s;
}

/** Closes the app's SMTP connections (app close). */
export function closeMail(ctx: AppContext): void {
  senders.get(ctx.config)?.close();
  senders.delete(ctx.config);
}

const link = (ctx: AppContext, path: string) => `${ctx.config.publicUrl}${path}`;
const settingsUrl = (ctx: AppContext) => link(ctx, '/profile#mail');

async function unsubscribeUrl(ctx: AppContext, userId: string, kind: MailKind): Promise<string> {
  return link(ctx, `/unsubscribe?token=${await unsubscribeToken(ctx, userId, kind)}`);
}

function lineOf(ctx: AppContext, row: Pick<MailOutboxRow, 'kind' | 'params'>): MailLine {
  const params = JSON.parse(row.params) as OutboxParams;
  return {
    kind: row.kind,
    title: params.title,
    url: link(ctx, params.path),
    ...(params.event ? { event: params.event } : {}),
  };
}

/** The person who gets notification mail: an account with a verified address (erasure clears it). */
async function recipient(ctx: AppContext, userId: string) {
  const user = await findUserById(ctx.db, userId);
  return user && user.email_verified_at !== null ? user : null;
}

async function modeOf(ctx: AppContext, userId: string, kind: MailKind): Promise<MailMode> {
  return (await repo.findPreference(ctx.db, userId, kind)) ?? mailKindDefaults[kind];
}

/** A verification or password-reset link (the token travels only in this mail; nothing of it is kept here). */
export async function sendAccountMail(
  ctx: AppContext,
  mail: {
    purpose: 'verify_email' | 'password_reset';
    userId: string;
    to: string;
    locale: string;
    token: string;
    validMinutes: number;
  },
): Promise<void> {
  const user = await findUserById(ctx.db, mail.userId);
  const path = mail.purpose === 'verify_email' ? '/verify-email' : '/reset-password';
  const rendered = renderAccountMail(mail.locale, {
    purpose: mail.purpose,
    name: user?.display_name ?? '',
    url: link(ctx, `${path}?token=${mail.token}`),
    validMinutes: mail.validMinutes,
  });
  await sender(ctx).send({ ...rendered, to: mail.to });
  ctx.log.info({ userId: mail.userId, purpose: mail.purpose }, 'account mail sent');
}

/**
 * A notification by mail, if the person has a verified address and wants this kind: written to the
 * outbox, then sent at once (immediate) or left for the digest. A failed send stays in the outbox.
 */
export async function deliverNotification(ctx: AppContext, n: MailNotification): Promise<void> {
  const user = await recipient(ctx, n.userId);
  if (!user) return;
  const mode = await modeOf(ctx, n.userId, n.kind);
  if (mode === 'off') return;
  const row: MailOutboxRow = {
    id: newId(),
    user_id: n.userId,
    kind: n.kind,
    params: JSON.stringify(n.params),
    mode,
    created_at: ctx.clock.now().toISOString(),
    sent_at: null,
    attempts: 0,
  };
  await repo.insertOutbox(ctx.db, row);
  if (mode === 'immediate') await sendImmediate(ctx, row, user);
}

async function sendImmediate(
  ctx: AppContext,
  row: MailOutboxRow,
  user: { email: string; locale: string; display_name: string },
): Promise<boolean> {
  const unsubscribe = await unsubscribeUrl(ctx, row.user_id, row.kind);
  const mail: OutgoingMail = {
    ...renderImmediateMail(user.locale, {
      name: user.display_name,
      line: lineOf(ctx, row),
      unsubscribeUrl: unsubscribe,
      settingsUrl: settingsUrl(ctx),
    }),
    to: user.email,
    headers: { 'List-Unsubscribe': `<${unsubscribe}>` },
  };
  try {
    await sender(ctx).send(mail);
  } catch (err) {
    await repo.countAttempt(ctx.db, row.id);
    ctx.log.warn({ err, outboxId: row.id, attempt: row.attempts + 1 }, 'mail not sent; tried again later');
    return false;
  }
  await repo.markSent(ctx.db, [row.id], ctx.clock.now().toISOString());
  return true;
}

/** The job behind failed immediate mails: tried again after a minute, up to `MAX_ATTEMPTS`. Answers how many went. */
export async function retryUnsentMail(ctx: AppContext): Promise<number> {
  const before = new Date(ctx.clock.now().getTime() - RETRY_AFTER_MS).toISOString();
  let sent = 0;
  for (const row of await repo.unsentImmediate(ctx.db, before, MAX_ATTEMPTS, BATCH)) {
    const user = await recipient(ctx, row.user_id);
    if (!user) await repo.dropUnsent(ctx.db, [row.id]);
    else if (await sendImmediate(ctx, row, user)) sent += 1;
  }
  return sent;
}

/**
 * The daily digest: at the first run after 08:00 (Amsterdam), everyone with lines from before then
 * gets one mail of all of them; lines written later wait for the next day's. Lines of kinds turned
 * off since are dropped. Answers how many digests went.
 */
export async function sendDigests(ctx: AppContext): Promise<number> {
  const cutoff = lastDigestTime(ctx.clock.now()).toISOString();
  let sent = 0;
  for (const userId of await repo.digestRecipients(ctx.db, cutoff, BATCH)) {
    const rows = await repo.unsentDigest(ctx.db, userId, cutoff);
    const user = await recipient(ctx, userId);
    const wanted: MailOutboxRow[] = [];
    const unwanted: string[] = [];
    for (const row of rows) {
      if (user && (await modeOf(ctx, userId, row.kind)) !== 'off') wanted.push(row);
      else unwanted.push(row.id);
    }
    await repo.dropUnsent(ctx.db, unwanted);
    if (!user || wanted.length === 0) continue;
    const kinds = [...new Set(wanted.map((r) => r.kind))];
    const unsubscribeUrls = new Map<MailKind, string>();
    for (const kind of kinds) unsubscribeUrls.set(kind, await unsubscribeUrl(ctx, userId, kind));
    const rendered = renderDigestMail(user.locale, {
      name: user.display_name,
      lines: wanted.map((r) => lineOf(ctx, r)),
      unsubscribeUrls,
      settingsUrl: settingsUrl(ctx),
    });
    try {
      await sender(ctx).send({ ...rendered, to: user.email });
    } catch (err) {
      ctx.log.warn({ err, userId }, 'digest not sent; tried again at the next run');
      continue;
    }
    await repo.markSent(
      ctx.db,
      wanted.map((r) => r.id),
      ctx.clock.now().toISOString(),
    );
    sent += 1;
  }
  return sent;
}

export async function preferences(ctx: AppContext, userId: string): Promise<MailPreference[]> {
  const chosen = new Map((await repo.listPreferences(ctx.db, userId)).map((p) => [p.kind, p.mode]));
  return mailKinds.map((kind) => {
    const mode = chosen.get(kind);
    return { kind, mode: mode ?? mailKindDefaults[kind], isDefault: mode === undefined };
  });
}

export async function updatePreferences(
  ctx: AppContext,
  userId: string,
  changes: Partial<Record<MailKind, MailMode>>,
): Promise<MailPreference[]> {
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    for (const [kind, mode] of Object.entries(changes) as [MailKind, MailMode][])
      await repo.setPreference(trx, { user_id: userId, kind, mode, updated_at: now });
  });
  return preferences(ctx, userId);
}

/** The link in a mail, without signing in: that kind of mail stops for that person. */
export async function unsubscribe(ctx: AppContext, token: string): Promise<{ kind: MailKind; mode: 'off' }> {
  const claims = await readUnsubscribeToken(ctx, token);
  if (!claims)
    throw new AppError(400, 'invalid_token', 'This unsubscribe link is not valid', { token: 'Not a valid link' });
  // An erased person's link leads nowhere, but says the same: nothing will be sent to them.
  if (await holdsPersonalData(ctx.db, claims.userId))
    await repo.setPreference(ctx.db, {
      user_id: claims.userId,
      kind: claims.kind,
      mode: 'off',
      updated_at: ctx.clock.now().toISOString(),
    });
  ctx.log.info({ userId: claims.userId, kind: claims.kind }, 'unsubscribed from a kind of mail');
  return { kind: claims.kind, mode: 'off' };
}
