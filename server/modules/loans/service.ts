/**
 * Lending that comes back (issue 14, item 3). A person or an organisation (its owners/coordinators:
 * a "library of things") lends items with a loan period and a value per day of use. A neighbour asks
 * to borrow; the lender hands it over (date and condition: due after the loan period), and confirms
 * its return (condition), which records the use as INKIND borrower → lender (days × value per day)
 * through the posting engine — ownership never moves. Past the due date the sweep marks the loan
 * overdue and reminds both sides, again each day. A lost item is settled by agreement: one side
 * proposes time credits (TIME borrower → lender, within the borrower's floor) or a write-off, the
 * other agrees. A loan is private to its two sides: anyone else gets 404.
 */
import { z } from 'zod';
import { isManagingRole } from '../../../shared/roles.ts';
import {
  conditionBody,
  createItemBody,
  itemQuery,
  loanListQuery,
  proposeSettlementBody,
  requestLoanBody,
  type LendableItem,
  type Loan,
} from '../../../shared/schemas/loans.ts';
import type { Actor, AppContext } from '../../context.ts';
import { decodeCursor, toPage } from '../../cursor.ts';
import type { Db } from '../../db/create-db.ts';
import { conflict, forbidden, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import {
  createTransfers,
  personOwner,
  publishLedger,
  withLedgerTransaction,
  type LedgerWriteResult,
  type TransferInput,
} from '../ledger/index.ts';
import { publishNotifications, recordNotifications } from '../notifications/index.ts';
import { managersOf, requireOrganizationRole, roleIn } from '../organizations/index.ts';
import * as repo from './repository.ts';
import { decideLoan, dueAt, loanActionsFor, loanTransferIds, reminderDue, useValue, type LoanSide } from './rules.ts';
import type { LoanRow } from './tables.ts';
import { requirePlace } from '../postcodes/index.ts';

const cursorKey = z.tuple([z.string(), z.string()]);

async function isLender(
  db: Db,
  actor: Actor,
  owner: { type: 'person' | 'organization'; id: string },
): Promise<boolean> {
  return owner.type === 'person' ? owner.id === actor.userId : isManagingRole(await roleIn(db, actor.userId, owner.id));
}

function toItem(row: repo.ItemView, canEdit: boolean): LendableItem {
  return {
    id: row.id,
    owner: { type: row.owner_type, id: row.owner_id, name: row.owner_person_name ?? row.owner_organization_name ?? '' },
    title: row.title,
    description: row.description,
    valuePerDayCents: row.value_per_day_cents,
    loanDays: row.loan_days,
    pc4: row.pc4,
    place: row.place,
    status: row.status,
    canEdit,
    createdAt: row.created_at,
  };
}

export async function createItem(
  ctx: AppContext,
  actor: Actor,
  input: z.input<typeof createItemBody>,
): Promise<LendableItem> {
  const body = createItemBody.parse(input);
  if (body.organizationId) await requireOrganizationRole(ctx, actor, body.organizationId);
  const place = requirePlace(ctx.postcodes, body.postcode);
  const now = ctx.clock.now().toISOString();
  const id = newId();
  await repo.insertItem(ctx.db, {
    id,
    owner_type: body.organizationId ? 'organization' : 'person',
    owner_id: body.organizationId ?? actor.userId,
    title: body.title,
    description: body.description,
    value_per_day_cents: body.valuePerDayCents,
    loan_days: body.loanDays,
    pc4: body.postcode.slice(0, 4),
    place: place.place,
    status: 'available',
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  });
  return readItem(ctx, actor, id);
}

export async function readItem(ctx: AppContext, viewer: Actor | null, id: string): Promise<LendableItem> {
  const row = await repo.findItem(ctx.db, id);
  if (!row) throw notFound('Item');
  return toItem(row, viewer ? await isLender(ctx.db, viewer, { type: row.owner_type, id: row.owner_id }) : false);
}

/** The library of things: public, newest first; one organisation's or one PC4 area's. */
export async function listItems(ctx: AppContext, viewer: Actor | null, input: z.input<typeof itemQuery>) {
  const query = itemQuery.parse(input);
  const after = decodeCursor(query.cursor, cursorKey);
  const rows = await repo.listItems(ctx.db, {
    ...(query.organizationId ? { organizationId: query.organizationId } : {}),
    ...(query.near ? { pc4: query.near.slice(0, 4) } : {}),
    ...(after ? { after } : {}),
    limit: query.limit,
  });
  const mine = new Map<string, boolean>();
  for (const r of rows) {
    const key = `${r.owner_type}:${r.owner_id}`;
    if (!mine.has(key))
      mine.set(key, viewer ? await isLender(ctx.db, viewer, { type: r.owner_type, id: r.owner_id }) : false);
  }
  return toPage(
    rows,
    query.limit,
    (r) => toItem(r, mine.get(`${r.owner_type}:${r.owner_id}`) ?? false),
    (r) => [r.created_at, r.id],
  );
}

function toLoan(row: repo.LoanView, side: LoanSide): Loan {
  const proposedBy = row.settlement_proposed_by;
  return {
    id: row.id,
    item: {
      id: row.item_id,
      title: row.item_title,
      valuePerDayCents: row.item_value_per_day_cents,
      loanDays: row.item_loan_days,
    },
    owner: { type: row.owner_type, id: row.owner_id, name: row.owner_person_name ?? row.owner_organization_name ?? '' },
    borrower: { id: row.borrower_id, name: row.borrower_name },
    status: row.status,
    message: row.message,
    handedOverAt: row.handed_over_at,
    handoverCondition: row.handover_condition,
    dueAt: row.due_at,
    returnedAt: row.returned_at,
    returnCondition: row.return_condition,
    reminders: row.reminders,
    inkindCents: row.inkind_cents,
    settlement:
      row.settlement_outcome && proposedBy
        ? {
            outcome: row.settlement_outcome,
            minutes: row.settlement_minutes,
            note: row.settlement_note ?? '',
            proposedBy,
            agreed: row.status === 'lost',
          }
        : null,
    side,
    actions: loanActionsFor({ status: row.status, settlementProposedBy: proposedBy }, side),
    createdAt: row.created_at,
  };
}

async function sideOf(db: Db, actor: Actor, row: repo.LoanView): Promise<LoanSide | null> {
  if (row.borrower_id === actor.userId) return 'borrower';
  return (await isLender(db, actor, { type: row.owner_type, id: row.owner_id })) ? 'lender' : null;
}

export async function requestLoan(
  ctx: AppContext,
  actor: Actor,
  itemId: string,
  input: z.input<typeof requestLoanBody>,
): Promise<Loan> {
  const body = requestLoanBody.parse(input);
  const item = await repo.findItem(ctx.db, itemId);
  if (!item || item.status === 'retired') throw notFound('Item');
  if (await isLender(ctx.db, actor, { type: item.owner_type, id: item.owner_id }))
    throw forbidden('You lend this item yourself');
  if (await repo.openRequestOf(ctx.db, itemId, actor.userId)) throw conflict('You already asked to borrow this item');
  const now = ctx.clock.now().toISOString();
  const id = newId();
  await repo.insertLoan(ctx.db, {
    id,
    item_id: itemId,
    borrower_id: actor.userId,
    status: 'requested',
    message: body.message,
    handed_over_at: null,
    handover_condition: null,
    due_at: null,
    returned_at: null,
    return_condition: null,
    reminders: 0,
    reminded_at: null,
    inkind_cents: null,
    settlement_outcome: null,
    settlement_minutes: null,
    settlement_note: null,
    settlement_proposed_by: null,
    created_at: now,
    updated_at: now,
  });
  return readLoan(ctx, actor, id);
}

export async function readLoan(ctx: AppContext, actor: Actor, id: string): Promise<Loan> {
  const row = await repo.findLoan(ctx.db, id);
  const side = row ? await sideOf(ctx.db, actor, row) : null;
  if (!row || !side) throw notFound('Loan');
  return toLoan(row, side);
}

/** The person's borrowings, or what they lend (their own items, or an organisation's library through its managers). */
export async function listLoans(ctx: AppContext, actor: Actor, input: z.input<typeof loanListQuery>) {
  const query = loanListQuery.parse(input);
  const after = decodeCursor(query.cursor, cursorKey);
  const page = { ...(after ? { after } : {}), limit: query.limit };
  let rows: repo.LoanView[];
  if (query.role === 'borrower') rows = await repo.listLoans(ctx.db, { borrowerId: actor.userId, ...page });
  else if (query.organizationId) {
    if (!isManagingRole(await roleIn(ctx.db, actor.userId, query.organizationId)))
      throw forbidden('Only an owner or coordinator sees an organisation’s loans');
    rows = await repo.listLoans(ctx.db, { owner: { type: 'organization', id: query.organizationId }, ...page });
  } else rows = await repo.listLoans(ctx.db, { owner: { type: 'person', id: actor.userId }, ...page });
  return toPage(
    rows,
    query.limit,
    (r) => toLoan(r, query.role === 'borrower' ? 'borrower' : 'lender'),
    (r) => [r.created_at, r.id],
  );
}

type StepInput =
  | { action: 'hand_over' | 'return'; body: z.input<typeof conditionBody> }
  | { action: 'decline' | 'cancel' | 'agree_settlement' }
  | { action: 'propose_settlement'; body: z.input<typeof proposeSettlementBody> };

const ownerRef = (row: repo.LoanView) => ({ type: row.owner_type, id: row.owner_id });

/** One step: the rules decide (403 wrong side, 409 wrong state); the change and its ledger lines commit together. */
export async function step(ctx: AppContext, actor: Actor, id: string, input: StepInput): Promise<Loan> {
  let written: LedgerWriteResult | null = null;
  await withLedgerTransaction(ctx, async (trx) => {
    const row = await repo.lockLoan(trx, ctx.dialect, id);
    const side = row ? await sideOf(trx, actor, row) : null;
    if (!row || !side) throw notFound('Loan');
    const decision = decideLoan(
      { status: row.status, settlementProposedBy: row.settlement_proposed_by },
      input.action,
      side,
    );
    if (!decision.ok)
      throw decision.reason === 'wrong_side'
        ? forbidden(decision.message)
        : conflict(decision.message, 'invalid_transition');
    const now = ctx.clock.now().toISOString();
    const patch: Partial<LoanRow> = { status: decision.next, updated_at: now };
    const ids = loanTransferIds(row.id);
    const reference = { type: 'loan', id: row.id };
    switch (input.action) {
      case 'hand_over': {
        const { condition } = conditionBody.parse(input.body);
        if (await repo.activeLoanOf(trx, row.item_id))
          throw conflict('This item is out on loan now', 'invalid_transition');
        patch.handed_over_at = now;
        patch.handover_condition = condition;
        patch.due_at = dueAt(now, row.item_loan_days);
        await repo.setItemStatus(trx, row.item_id, 'on_loan', now);
        for (const other of await repo.otherRequests(trx, row.item_id, row.id))
          await repo.updateLoan(trx, other.id, { status: 'declined', updated_at: now });
        break;
      }
      case 'return': {
        const { condition } = conditionBody.parse(input.body);
        const cents = useValue(row.item_value_per_day_cents, row.handed_over_at ?? now, now);
        if (cents > 0) {
          written = await createTransfers(
            ctx,
            trx,
            [
              {
                id: ids.inkind,
                type: 'posted',
                from: personOwner(row.borrower_id),
                to: ownerRef(row),
                unit: 'INKIND',
                amount: cents,
                kind: 'loan',
                reference,
              },
            ],
            actor,
          );
        }
        patch.returned_at = now;
        patch.return_condition = condition;
        patch.inkind_cents = cents;
        await repo.setItemStatus(trx, row.item_id, 'available', now);
        break;
      }
      case 'propose_settlement': {
        const body = proposeSettlementBody.parse(input.body);
        patch.settlement_outcome = body.outcome;
        patch.settlement_minutes = body.minutes ?? null;
        patch.settlement_note = body.note;
        patch.settlement_proposed_by = side;
        break;
      }
      case 'agree_settlement': {
        // The use until now is recorded as for a return; time credits move only when that was agreed.
        const cents = useValue(row.item_value_per_day_cents, row.handed_over_at ?? now, now);
        const lines: TransferInput[] = [];
        if (cents > 0)
          lines.push({
            id: ids.inkind,
            type: 'posted',
            from: personOwner(row.borrower_id),
            to: ownerRef(row),
            unit: 'INKIND',
            amount: cents,
            kind: 'loan',
            reference,
          });
        if (row.settlement_outcome === 'time_credits' && row.settlement_minutes) {
          lines.push({
            id: ids.time,
            type: 'posted',
            from: personOwner(row.borrower_id),
            to: ownerRef(row),
            unit: 'TIME',
            amount: row.settlement_minutes,
            kind: 'loan_lost',
            reference,
          });
        }
        // The borrower's credits move: if the lender agrees, the posting is the borrower's own proposal.
        if (lines.length > 0)
          written = await createTransfers(ctx, trx, lines, side === 'borrower' ? actor : { userId: row.borrower_id });
        patch.inkind_cents = cents;
        await repo.setItemStatus(trx, row.item_id, 'retired', now);
        break;
      }
      case 'decline':
      case 'cancel':
        break;
    }
    await repo.updateLoan(trx, row.id, patch);
  });
  if (written) publishLedger(ctx, written);
  return readLoan(ctx, actor, id);
}

/**
 * The overdue sweep (a job in server/jobs.ts): loans out past their due date become `overdue`, and
 * both sides are reminded (a `loan.overdue` notification, written with the change) — once when it falls due, then once a day. Returns the
 * number of reminders sent.
 */
export async function sweepOverdueLoans(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now().toISOString();
  let sent = 0;
  for (const row of await repo.pastDue(ctx.db, now, 200)) {
    if (!reminderDue({ status: row.status, dueAt: row.due_at, remindedAt: row.reminded_at }, now)) continue;
    const lenders =
      row.owner_type === 'person'
        ? [row.owner_id]
        : ((await managersOf(ctx.db, [row.owner_id])).get(row.owner_id) ?? []);
    const notified = await ctx.db.transaction().execute(async (trx) => {
      const fresh = await repo.lockLoan(trx, ctx.dialect, row.id);
      if (!fresh || !reminderDue({ status: fresh.status, dueAt: fresh.due_at, remindedAt: fresh.reminded_at }, now))
        return null;
      await repo.updateLoan(trx, row.id, {
        status: 'overdue',
        reminders: fresh.reminders + 1,
        reminded_at: now,
        updated_at: now,
      });
      return recordNotifications(ctx, trx, {
        userIds: [row.borrower_id, ...lenders],
        kind: 'loan.overdue',
        data: { loanId: row.id },
      });
    });
    if (notified === null) continue;
    publishNotifications(ctx, notified);
    sent += 1;
  }
  return sent;
}
