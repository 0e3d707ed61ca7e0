/** Confirming the work: the ledger lines of a step as a linked group, the preview, the confirmation and its idempotent replay. */
import { figuresAt } from '../../../shared/figures.ts';
import type { AllowanceCheck, ConfirmBody, LedgerLine, PreviewQuery } from '../../../shared/schemas/engagements.ts';
import type { Actor, AppContext } from '../../context.ts';
import type { Db } from '../../db/create-db.ts';
import { AppError, forbidden, invalid, ruleRefused } from '../../errors.ts';
import { recordConfirmation } from '../impact/index.ts';
import {
  createTransfers,
  organizationOwner,
  personOwner,
  publishLedger,
  withLedgerTransaction,
  type LedgerWriteResult,
  type TransferInput,
} from '../ledger/index.ts';
import { allowancePeriod, checkAllowance } from './allowance-guard.ts';
import { confirmationLines, eurFor, type EurKind, type Party } from './ledger-plan.ts';
import * as repo from './repository.ts';
import { decide } from './state-machine.ts';
import { actingSide, loadForActor, otherSideIds, stale, stateOf } from './access.ts';
import { dto } from './dtos.ts';
import { notifyIn, systemMessage } from './messages.ts';
import { publishNotifications } from '../notifications/index.ts';

export const organizationParty = (e: repo.EngagementView): Party => ({
  type: 'organization',
  id: e.organization_id,
  name: e.organization_name,
});
export const providerParty = (e: repo.EngagementView): Party =>
  e.worker_organization_id
    ? { type: 'organization', id: e.worker_organization_id, name: e.worker_organization_name ?? '' }
    : { type: 'person', id: e.worker_user_id, name: e.worker_name };
export const ownerOf = (p: Party) => (p.type === 'person' ? personOwner(p.id) : organizationOwner(p.id));

/** Our ledger lines as the ledger service's linked group, referenced to the engagement. */
export function toTransferInputs(engagementId: string, lines: LedgerLine[]): TransferInput[] {
  return lines.map((l): TransferInput => {
    if (l.type === 'post') return { id: l.transferId, type: 'post', pendingId: l.pendingId ?? '', amount: l.amount };
    if (l.type === 'void') return { id: l.transferId, type: 'void', pendingId: l.pendingId ?? '' };
    return {
      id: l.transferId,
      type: l.type,
      from: ownerOf(l.from),
      to: ownerOf(l.to),
      unit: l.unit,
      amount: l.amount,
      kind: l.kind,
      reference: { type: 'engagement', id: engagementId },
    };
  });
}

export async function postLines(
  ctx: AppContext,
  trx: Db,
  engagementId: string,
  lines: LedgerLine[],
  actor: Actor,
): Promise<LedgerWriteResult | null> {
  if (lines.length === 0) return null;
  return createTransfers(ctx, trx, toTransferInputs(engagementId, lines), { userId: actor.userId });
}

interface ConfirmationPlan {
  lines: LedgerLine[];
  minutes: number | null;
  quantity: number | null;
  inkindValueCents: number | null;
  eur: { cents: number; kind: EurKind } | null;
  allowanceMonth: string | null;
  allowanceCheck: AllowanceCheck | null;
  /** Set when confirming like this must be refused; the facts are in allowanceCheck. */
  refusal: AppError | null;
}

/**
 * What confirming would post, from the engagement's agreed terms, the organisation's choices and
 * — for an allowance — the person's allowances from all organisations this month and year.
 */
async function planConfirmation(
  ctx: AppContext,
  db: Db,
  e: repo.EngagementView,
  choice: {
    minutes?: number | undefined;
    quantity?: number | undefined;
    inkindValueCents?: number | undefined;
    recordAsTaxable?: boolean | undefined;
  },
): Promise<ConfirmationPlan> {
  const kind = e.kind;
  let minutes: number | null = null;
  let quantity: number | null = null;
  let inkindValueCents: number | null = null;
  if (kind === 'work') {
    if (choice.quantity !== undefined) throw invalid('quantity', 'A quantity is only for materials');
    if (choice.inkindValueCents !== undefined)
      throw invalid('inkindValueCents', 'A value in kind is only for materials');
    minutes = choice.minutes ?? e.logged_minutes;
    if (minutes > e.logged_minutes)
      throw invalid('minutes', `At most the ${e.logged_minutes} minutes logged can be confirmed`);
    if (minutes <= 0) throw invalid('minutes', 'No hours were logged yet');
  } else {
    if (choice.minutes !== undefined) throw invalid('minutes', 'Materials are confirmed by quantity, not minutes');
    const delivered = e.delivered_quantity ?? 0;
    quantity = choice.quantity ?? delivered;
    if (quantity > delivered) throw invalid('quantity', `At most the ${delivered} delivered can be confirmed`);
    inkindValueCents = choice.inkindValueCents ?? 0;
  }

  const compensation = {
    type: e.compensation_type,
    hourlyRateCents: e.hourly_rate_cents,
    allowanceCents: e.allowance_cents,
  };
  const base = minutes !== null ? eurFor(compensation, minutes) : null;
  let eur: ConfirmationPlan['eur'] = base;
  let allowanceCheck: AllowanceCheck | null = null;
  let allowanceMonth: string | null = null;
  let refusal: AppError | null = null;
  // The tax-free allowance is a person's: a business carrying out the work gets no allowance check.
  if (base?.kind === 'allowance' && !e.worker_organization_id && minutes !== null) {
    const period = allowancePeriod(ctx.clock.now());
    const totals = await repo.allowanceTotals(db, e.worker_user_id, period.month);
    const verdict = checkAllowance({
      amountCents: base.cents,
      minutes,
      monthToDateCents: totals.monthCents,
      yearToDateCents: totals.yearCents,
      ageBand: e.min_age !== null && e.min_age >= 21 ? '21_plus' : 'unknown',
      figures: figuresAt(period.day).volunteerAllowance,
    });
    allowanceCheck = {
      verdict: verdict.verdict,
      exceeded: verdict.verdict === 'refuse' ? verdict.exceeded : [],
      warnings: verdict.verdict === 'warn' ? verdict.warnings : [],
      facts: verdict.facts,
      month: period.month,
    };
    if (choice.recordAsTaxable) {
      eur = { cents: base.cents, kind: 'taxable_allowance' };
    } else {
      allowanceMonth = period.month;
      if (verdict.verdict === 'refuse') {
        refusal = ruleRefused(
          'allowance_limit',
          'This allowance would cross the tax-free volunteer allowance limits, which makes the whole year’s allowance taxable. Confirm fewer minutes, or record it as taxable pay.',
          { ...allowanceCheck },
          { minutes: 'Over the allowance limit' },
        );
      }
    }
  }
  const lines = confirmationLines({
    engagementId: e.id,
    kind,
    compensationType: compensation.type,
    organization: organizationParty(e),
    provider: providerParty(e),
    reservedMinutes: e.reserved_minutes,
    minutes,
    inkindValueCents,
    eur,
  });
  return { lines, minutes, quantity, inkindValueCents, eur, allowanceMonth, allowanceCheck, refusal };
}

/** The ledger lines confirmation would post, shown to both parties before the organisation confirms. */
export async function confirmationPreview(ctx: AppContext, actor: Actor, id: string, query: PreviewQuery) {
  const { e, standing } = await loadForActor(ctx.db, actor, id);
  if (standing.sides.length === 0)
    throw forbidden('Only the people involved in this engagement may see what it will post');
  const state = stateOf(e);
  if (!decide(state, 'confirm', 'organization').ok) {
    throw new AppError(
      409,
      'invalid_transition',
      `An engagement that is ${e.status.replace('_', ' ')} cannot be confirmed now`,
    );
  }
  const plan = await planConfirmation(ctx, ctx.db, e, query);
  return {
    lines: plan.lines,
    allowanceCheck: plan.allowanceCheck,
    refusal: plan.refusal ? { code: plan.refusal.code, message: plan.refusal.message } : null,
  };
}

/**
 * The organisation confirms: the status change and ONE linked group of ledger transfers commit
 * together (WORK always; TIME from the reservation, partly if fewer minutes; EUR after the
 * allowance guard; INKIND for materials). Transfer ids are fixed per engagement, so a retried
 * confirmation returns the same result instead of posting twice.
 */
export async function confirmEngagement(ctx: AppContext, actor: Actor, id: string, body: ConfirmBody) {
  const now = ctx.clock.now().toISOString();
  const { e, standing } = await loadForActor(ctx.db, actor, id);
  if (e.status === 'completed' && standing.sides.includes('organization'))
    return replayConfirmation(ctx, actor, e, body);
  const side = actingSide(e, standing, 'confirm');
  const outcome = await withLedgerTransaction(ctx, async (trx) => {
    // Serialise allowance checks per person: two organisations confirming at once must see each other.
    await repo.lockWorker(trx, ctx.dialect, e.worker_user_id);
    const fresh = await repo.findEngagement(trx, e.id);
    if (!fresh || fresh.status !== e.status) throw stale();
    const plan = await planConfirmation(ctx, trx, fresh, body);
    if (plan.refusal) throw plan.refusal;
    const changed = await repo.updateEngagementIf(trx, e.id, e.status, {
      status: 'completed',
      confirmed_minutes: plan.minutes,
      confirmed_quantity: plan.quantity,
      inkind_value_cents: plan.inkindValueCents,
      eur_cents: plan.eur?.cents ?? null,
      eur_kind: plan.eur?.kind ?? null,
      allowance_month: plan.eur?.kind === 'allowance' ? plan.allowanceMonth : null,
      completed_at: now,
      updated_at: now,
    });
    if (!changed) throw stale();
    const ledger = await postLines(ctx, trx, e.id, plan.lines, actor);
    await recordConfirmation(ctx, trx, {
      engagementId: e.id,
      transfers: ledger?.transfers ?? [],
      participants: body.participants,
    });
    await systemMessage(trx, e.id, 'engagement.event.confirmed', now);
    return {
      plan,
      ledger,
      notified: await notifyIn(ctx, trx, await otherSideIds(trx, e, side), { event: 'confirmed', engagementId: e.id }),
    };
  });
  if (outcome.ledger) publishLedger(ctx, outcome.ledger);
  publishNotifications(ctx, outcome.notified);
  ctx.log.info(
    { engagementId: e.id, by: actor.userId, minutes: outcome.plan.minutes, eurCents: outcome.plan.eur?.cents ?? 0 },
    'engagement confirmed',
  );
  return {
    engagement: await dto(ctx, actor, id),
    transfers: outcome.plan.lines,
    allowanceCheck: outcome.plan.allowanceCheck,
  };
}

/** A confirmation retried after it succeeded: the same answer if it asks the same, 409 if it asks otherwise. */
async function replayConfirmation(ctx: AppContext, actor: Actor, e: repo.EngagementView, body: ConfirmBody) {
  const asked = { minutes: body.minutes, quantity: body.quantity, inkindValueCents: body.inkindValueCents };
  if (
    (asked.minutes !== undefined && asked.minutes !== e.confirmed_minutes) ||
    (asked.quantity !== undefined && asked.quantity !== e.confirmed_quantity) ||
    (asked.inkindValueCents !== undefined && asked.inkindValueCents !== e.inkind_value_cents) ||
    (body.recordAsTaxable !== undefined && body.recordAsTaxable !== (e.eur_kind === 'taxable_allowance'))
  ) {
    throw new AppError(
      409,
      'idempotency_conflict',
      'This engagement was already confirmed with other figures',
      undefined,
      {
        confirmedMinutes: e.confirmed_minutes,
        confirmedQuantity: e.confirmed_quantity,
      },
    );
  }
  const lines = confirmationLines({
    engagementId: e.id,
    kind: e.kind,
    compensationType: e.compensation_type,
    organization: organizationParty(e),
    provider: providerParty(e),
    reservedMinutes: e.reserved_minutes,
    minutes: e.confirmed_minutes,
    inkindValueCents: e.inkind_value_cents,
    eur: e.eur_cents !== null && e.eur_kind !== null ? { cents: e.eur_cents, kind: e.eur_kind } : null,
  });
  return { engagement: await dto(ctx, actor, e.id), transfers: lines, allowanceCheck: null };
}
