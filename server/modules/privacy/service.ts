import type { AppContext } from '../../context.ts';
import * as accounts from '../accounts/index.ts';
import * as alerts from '../alerts/index.ts';
import * as engagements from '../engagements/index.ts';
import * as ledger from '../ledger/index.ts';
import * as listings from '../listings/index.ts';
import * as loans from '../loans/index.ts';
import * as mail from '../mail/index.ts';
import * as moderation from '../moderation/index.ts';
import * as neighbours from '../neighbours/index.ts';
import * as notifications from '../notifications/index.ts';
import * as organizations from '../organizations/index.ts';
import * as questions from '../questions/index.ts';
import * as recognition from '../recognition/index.ts';
import * as sales from '../sales/index.ts';
import * as translations from '../translations/index.ts';
import * as helpers from '../helpers/index.ts';
import { appendErasure } from './erasure-log.ts';
import { scrubErasedRows } from './repository.ts';

/**
 * Everything Waardewerk holds about a person (GDPR art. 15 and 20), as one JSON document:
 * profile, memberships, VOG and UWV records about them, sessions, listings, engagements with their notes and messages, the reports
 * they made, their recognition (work record, references, certificates), and the ledger of their own accounts with memos. Each module answers for its own tables.
 */
export async function exportPersonalData(ctx: AppContext, userId: string) {
  const { user, sessions } = await accounts.personalData(ctx, userId);
  const [
    { memberships, screeningRecords },
    { offers, needsPosted },
    engagementData,
    reportData,
    recognitionData,
    ledgerData,
    helpData,
    loanData,
    salesData,
    notificationData,
    alertData,
    mailData,
    questionData,
    translationData,
    helperData,
  ] = await Promise.all([
    organizations.personalData(ctx, userId),
    listings.personalData(ctx, userId),
    engagements.personalData(ctx, userId),
    moderation.personalData(ctx, userId),
    recognition.personalData(ctx, userId),
    ledger.personalData(ctx, userId),
    neighbours.personalData(ctx, userId),
    loans.personalData(ctx, userId),
    sales.personalData(ctx, userId),
    notifications.personalData(ctx, userId),
    alerts.personalData(ctx, userId),
    mail.personalData(ctx, userId),
    questions.personalData(ctx, userId),
    translations.personalData(ctx, userId),
    helpers.personalData(ctx, userId),
  ]);
  return {
    exportedAt: ctx.clock.now().toISOString(),
    user,
    memberships,
    screeningRecords,
    sessions,
    offers,
    needsPosted,
    ...engagementData,
    ...reportData,
    ...recognitionData,
    ...ledgerData,
    ...helpData,
    ...loanData,
    ...salesData,
    ...notificationData,
    ...alertData,
    ...mailData,
    ...questionData,
    ...translationData,
    ...helperData,
  };
}

/**
 * Erasure (GDPR art. 17), in one transaction. The person's words and profile go; what others rely
 * on stays as opaque ids and amounts: the account row remains as a pseudonym (engagements and
 * ledger accounts point to it), so confirmed work and the hash chain still verify. The account
 * goes last, after every module that points to it erased its part. With ERASURE_LOG set, the id is
 * appended to the erasure log (erasure-log.ts), which a restore replays. After the commit the old
 * row versions are scrubbed from the database files (repository.ts).
 */
export async function eraseAccount(ctx: AppContext, userId: string): Promise<void> {
  // Organisations the person leaves: one left without owner leaves search with its needs.
  const leftOrganizations = await organizations.memberOrganizationIds(ctx.db, userId);
  await ctx.db.transaction().execute(async (trx) => {
    await accounts.requireAccount(trx, userId);
    await listings.erasePersonalData(ctx, trx, userId);
    await engagements.erasePersonalData(ctx, trx, userId);
    await questions.erasePersonalData(ctx, trx, userId);
    await ledger.erasePersonalData(ctx, trx, userId);
    await moderation.erasePersonalData(ctx, trx, userId);
    await recognition.erasePersonalData(ctx, trx, userId);
    await neighbours.erasePersonalData(ctx, trx, userId);
    await loans.erasePersonalData(ctx, trx, userId);
    await sales.erasePersonalData(ctx, trx, userId);
    await notifications.erasePersonalData(ctx, trx, userId);
    await alerts.erasePersonalData(ctx, trx, userId);
    await mail.erasePersonalData(ctx, trx, userId);
    await translations.erasePersonalData(ctx, trx, userId);
    await helpers.erasePersonalData(ctx, trx, userId);
    await organizations.erasePersonalData(ctx, trx, userId);
    await accounts.erasePersonalData(ctx, trx, userId);
    // Logged inside the transaction, before it commits: a crash in between leaves an id in the log
    // whose erasure did not happen (re-applied after a restore: the person asked for it), never an
    // erasure missing from the log (a restore would bring the person's data back).
    if (ctx.config.erasureLogPath)
      appendErasure(ctx.config.erasureLogPath, { userId, erasedAt: ctx.clock.now().toISOString() });
  });
  ctx.events.emit('sessions.revoked', { userId });
  ctx.events.emit('listings.changed', { ownerUserIds: [userId], organizationIds: leftOrganizations });
  ctx.log.info({ userId }, 'account erased');
  // Best effort: the erasure stands once committed; a failed scrub is logged and the old row
  // versions go with the next checkpoint or (auto)vacuum.
  await scrubErasedRows(ctx).catch((err: unknown) => ctx.log.error({ err, userId }, 'scrubbing erased rows failed'));
}
