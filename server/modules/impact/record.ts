/**
 * Facts inside the commit (ARCHITECTURE "Seams"): the engagements and ledger services call these
 * inside the transaction that confirms work or corrects a transfer, so the personal record and the
 * impact rollups can never disagree with the ledger.
 */
import type { AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import { AppError, invalid } from '../../errors.ts';
import { newcomerFlags } from '../accounts/index.ts';
import { allowancePeriod } from '../engagements/index.ts';
import { findTransferRow, type LedgerTransferRow } from '../ledger/index.ts';
import { membersAmong } from '../organizations/index.ts';
import * as repo from './repository.ts';
import type { ConfirmedFact, Place } from './rollup.ts';

const countedUnits = new Set(['WORK', 'TIME', 'INKIND']);
/** Transfers that move value now: posted ones, and the posting of a reservation. */
const movesValue = (t: LedgerTransferRow) =>
  (t.phase === 'posted' || t.phase === 'post_pending') && countedUnits.has(t.unit);

export const amsterdamDay = (iso: string): string => allowancePeriod(new Date(iso)).day;

interface EngagementFacts {
  id: string;
  kind: string;
  workerUserId: string;
  businessId: string | null;
  confirmedMinutes: number | null;
  paid: boolean;
  domains: string[];
  place: Place;
}

async function engagementFacts(ctx: AppContext, db: Db, engagementId: string): Promise<EngagementFacts | null> {
  const row = await repo.engagementFactsRow(db, engagementId);
  if (!row) return null;
  return {
    id: row.id,
    kind: row.kind,
    workerUserId: row.worker_user_id,
    businessId: row.worker_organization_id,
    confirmedMinutes: row.confirmed_minutes === null ? null : Number(row.confirmed_minutes),
    paid: row.compensation_type === 'paid',
    domains: JSON.parse(row.domains) as string[],
    place: placeOf(ctx, row.organization_id, row.need_postcode ?? row.org_postcode),
  };
}

/** The need's place (else the organisation's): PC4 with its municipality and province from the PC4 data. */
export function placeOf(ctx: AppContext, organizationId: string, postcode: string): Place {
  const found = ctx.postcodes.lookup(postcode);
  return {
    organizationId,
    pc4: postcode.slice(0, 4),
    municipality: found?.municipality ?? '',
    province: found?.province ?? '',
  };
}

function factOf(
  e: EngagementFacts,
  t: LedgerTransferRow,
  sign: 1 | -1,
  day: string,
  people: { userId: string; newcomer: boolean }[],
): ConfirmedFact {
  return {
    transferId: t.id,
    unit: t.unit as ConfirmedFact['unit'],
    amount: Number(t.amount),
    sign,
    day,
    place: e.place,
    domains: e.domains,
    paid: e.paid,
    businessId: e.businessId,
    people: t.unit === 'WORK' ? people : [],
  };
}

/**
 * Who did the confirmed work, stored as the personal record: the worker; for a business, the
 * employees named in `participants` (members of the business, minutes adding up to the confirmed
 * minutes) or else its contact person. The newcomer opt-in is read now and kept with the record.
 */
async function recordParticipants(
  trx: Db,
  e: EngagementFacts,
  participants: readonly { userId: string; minutes: number }[] | undefined,
) {
  const minutes = e.confirmedMinutes ?? 0;
  if (participants && !e.businessId)
    throw invalid('participants', 'Participants are only named for work a business carried out');
  const list = participants ?? [{ userId: e.workerUserId, minutes }];
  if (new Set(list.map((p) => p.userId)).size !== list.length) throw invalid('participants', 'Each person once');
  const total = list.reduce((s, p) => s + p.minutes, 0);
  if (total !== minutes)
    throw invalid('participants', `The participants' minutes must add up to the ${minutes} minutes confirmed`);
  if (participants && e.businessId) {
    const known = new Set(
      await membersAmong(
        trx,
        e.businessId,
        list.map((p) => p.userId),
      ),
    );
    const strangers = list.filter((p) => !known.has(p.userId));
    if (strangers.length > 0) {
      throw new AppError(
        400,
        'invalid_input',
        'Only members of the business can be named as participants',
        { participants: 'Not a member of the business' },
        { userIds: strangers.map((s) => s.userId) },
      );
    }
  }
  const newcomer = await newcomerFlags(
    trx,
    list.map((p) => p.userId),
  );
  const rows = list.map((p) => ({
    engagement_id: e.id,
    user_id: p.userId,
    minutes: p.minutes,
    newcomer: newcomer.get(p.userId) ? 1 : 0,
  }));
  await repo.insertParticipants(trx, rows);
  return rows.map((r) => ({ userId: r.user_id, newcomer: r.newcomer === 1 }));
}

/** Inside the confirming transaction, after the ledger group was written. */
export async function recordConfirmation(
  ctx: AppContext,
  trx: Db,
  input: {
    engagementId: string;
    transfers: readonly LedgerTransferRow[];
    participants?: readonly { userId: string; minutes: number }[] | undefined;
  },
): Promise<void> {
  const e = await engagementFacts(ctx, trx, input.engagementId);
  if (!e) return;
  const people = e.kind === 'work' && e.confirmedMinutes ? await recordParticipants(trx, e, input.participants) : [];
  if (e.kind !== 'work' && input.participants) throw invalid('participants', 'Participants are only named for work');
  const facts = input.transfers.filter(movesValue).map((t) => factOf(e, t, 1, amsterdamDay(t.created_at), people));
  await repo.applyFacts(trx, facts);
}

/** Inside a correction's transaction: takes back what the corrected transfer added, on its own day. */
export async function recordCorrections(
  ctx: AppContext,
  trx: Db,
  corrections: readonly LedgerTransferRow[],
): Promise<void> {
  const facts: ConfirmedFact[] = [];
  for (const c of corrections) {
    if (!c.corrects_id) continue;
    // Correcting a correction puts the work back: walk to the confirmation, flipping the sign each step.
    let sign: 1 | -1 = -1;
    let original = await findTransferRow(trx, c.corrects_id);
    while (original?.corrects_id) {
      sign = sign === 1 ? -1 : 1;
      original = await findTransferRow(trx, original.corrects_id);
    }
    if (!original || original.reference_type !== 'engagement' || !original.reference_id || !movesValue(original))
      continue;
    const e = await engagementFacts(ctx, trx, original.reference_id);
    if (!e) continue;
    const people = await repo.participantsOf(trx, e.id);
    facts.push(
      factOf(
        e,
        original,
        sign,
        amsterdamDay(original.created_at),
        people.map((p) => ({ userId: p.user_id, newcomer: Number(p.newcomer) === 1 })),
      ),
    );
  }
  await repo.applyFacts(trx, facts);
}
