import type { AppContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import * as accountsRepo from '../accounts/repository.ts';
import { toUserDto } from '../accounts/service.ts';
import * as engagementsRepo from '../engagements/repository.ts';
import * as ledgerRepo from '../ledger/repository.ts';
import { balancesOf, eraseLedgerMemos, personOwner } from '../ledger/service.ts';
import { appendErasure } from '../operations/erasure-log.ts';
import { eraseRecognition, recognitionData } from '../recognition/personal-data.ts';

/**
 * Everything Waardewerk holds about a person (GDPR art. 15 and 20), as one JSON document:
 * profile, memberships, sessions, listings, engagements with their notes and messages, and the
 * ledger of their own accounts with memos.
 */
export async function exportPersonalData(ctx: AppContext, userId: string) {
  const row = await accountsRepo.findUserById(ctx.db, userId);
  if (!row) throw notFound('Account');
  const [memberships, sessions, offers, needsPosted, engagements, accounts] = await Promise.all([
    accountsRepo.listMemberships(ctx.db, userId),
    accountsRepo.listSessions(ctx.db, userId),
    ctx.db
      .selectFrom('offers')
      .select(['id', 'kind', 'title', 'description', 'skills', 'languages', 'postcode', 'radius_km', 'remote', 'availability', 'compensation_accepted', 'status', 'created_at'])
      .where((eb) => eb.or([eb('owner_user_id', '=', userId), eb('created_by', '=', userId)]))
      .orderBy('created_at')
      .execute(),
    ctx.db.selectFrom('needs').select(['id', 'organization_id', 'title', 'created_at']).where('created_by', '=', userId).orderBy('created_at').execute(),
    engagementsRepo.personalData(ctx.db, userId),
    ledgerRepo.findAccountsOfOwner(ctx.db, 'person', userId),
  ]);
  const transfers = await ledgerRepo.exportTransferViews(ctx.db, accounts.map((a) => a.id));
  return {
    exportedAt: ctx.clock.now().toISOString(),
    user: { ...toUserDto(ctx, row), vogVerifiedAt: row.vog_verified_at, updatedAt: row.updated_at },
    memberships: memberships.map((m) => ({ organizationId: m.organization_id, organizationName: m.name, role: m.role })),
    sessions: sessions.map((s) => ({ createdAt: s.created_at, lastUsedAt: s.last_verified_at })),
    offers,
    needsPosted,
    ...engagements,
    recognition: await recognitionData(ctx.db, userId),
    ledger: {
      balances: await balancesOf(ctx, ctx.db, personOwner(userId)),
      transfers: transfers.map((t) => ({
        id: t.id,
        unit: t.unit,
        amount: t.amount,
        kind: t.kind,
        phase: t.phase,
        from: { type: t.debit_owner_type, id: t.debit_owner_id },
        to: { type: t.credit_owner_type, id: t.credit_owner_id },
        memo: t.memo,
        createdAt: t.created_at,
      })),
    },
  };
}

/**
 * Erasure (GDPR art. 17), in one transaction. The person's words and profile go; what others rely
 * on stays as opaque ids and amounts: the account row remains as a pseudonym (engagements and
 * ledger accounts point to it), so confirmed work and the hash chain still verify.
 */
export async function eraseAccount(ctx: AppContext, userId: string): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const row = await accountsRepo.findUserById(trx, userId);
    if (!row) throw notFound('Account');
    const offerIds = (await trx.selectFrom('offers').select('id').where('owner_user_id', '=', userId).execute()).map((o) => o.id);
    if (offerIds.length > 0) {
      for (const table of ['offer_skills', 'offer_languages', 'offer_domains', 'offer_compensations'] as const) {
        await trx.deleteFrom(table).where('offer_id', 'in', offerIds).execute();
      }
      await trx
        .updateTable('offers')
        .set({
          title: '', description: '', skills: '[]', languages: '[]', domains: '[]', postcode: null, lat: null, lng: null,
          availability: null, search_title: '', search_body: '', status: 'closed', closed_at: now, updated_at: now,
        })
        .where('id', 'in', offerIds)
        .execute();
    }
    await trx.updateTable('offers').set({ created_by: null }).where('created_by', '=', userId).execute();
    await trx.updateTable('needs').set({ created_by: null }).where('created_by', '=', userId).execute();
    await engagementsRepo.erasePersonalData(trx, userId);
    await eraseLedgerMemos(trx, userId);
    await trx.deleteFrom('memberships').where('user_id', '=', userId).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await accountsRepo.updateUser(trx, userId, {
      email: `erased-${userId}@erased.invalid`,
      password_hash: '!erased',
      display_name: '',
      postcode: null,
      languages: '[]',
      skills: '[]',
      may_do_paid_work: 'unknown',
      vog_verified_at: null,
      vog_recorded_by: null,
      is_admin: 0,
      count_as_newcomer: 0,
      updated_at: now,
    });
    await eraseRecognition(trx, userId);
    // Logged inside the transaction, before it commits: a crash in between leaves an id in the log
    // whose erasure did not happen (re-applied after a restore: the person asked for it), never an
    // erasure missing from the log (a restore would bring the person's data back).
    if (ctx.config.erasureLogPath) appendErasure(ctx.config.erasureLogPath, { userId, erasedAt: now });
  });
  ctx.events.emit('sessions.revoked', { userId });
  ctx.log.info({ userId }, 'account erased');
}
