/**
 * The face of `mail`: the subscriptions app.ts registers (domain events → mails), the periodic jobs
 * (retry, daily digest), `deliverNotification` for notifications of a person, closing the sender, and
 * the person's own data.
 */
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import * as repo from './repository.ts';

export {
  closeMail,
  deliverNotification,
  retryUnsentMail,
  sendDigests,
  type MailNotification,
  type OutboxParams,
} from './service.ts';
export { mailSubscriptions } from './triggers.ts';

/** Mail preferences and the lines waiting for a digest (GDPR art. 15/20). */
export async function personalData(ctx: AppContext, userId: string) {
  const { preferences, waiting } = await repo.personalData(ctx.db, userId);
  return {
    mailPreferences: preferences.map((p) => ({ kind: p.kind, mode: p.mode, updatedAt: p.updated_at })),
    mailWaiting: waiting.map((w) => ({
      kind: w.kind,
      params: JSON.parse(w.params) as unknown,
      createdAt: w.created_at,
    })),
  };
}

/** Erasure: preferences and every outbox line go. */
export async function erasePersonalData(_ctx: AppContext, trx: Db, userId: string): Promise<void> {
  await repo.erasePersonalData(trx, userId);
}
