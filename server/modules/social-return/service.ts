/**
 * Social return statements for businesses (issue 14, item 2). Owners/coordinators of a business
 * register obligations and valuation rules per buyer, see what counts — confirmed ledger entries only
 * (posted, never corrected): purchases from initiatives (`sale` EUR it paid), its people's volunteering
 * and pro-bono hours (WORK it gave through engagements; knowledge needs are pro bono) and materials it
 * gave (INKIND) — and issue a statement signed with the platform's one key (`signing`), verifiable at
 * `GET /api/social-return/statements/:code` the way certificates are.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  createObligationBody,
  statementContent,
  valuationRulesBody,
  type Obligation,
  type StatementContent,
  type ValuationRules,
} from '../../../shared/schemas/social-return.ts';
import type { Actor, AppContext } from '../../context.ts';
import { notFound, ruleRefused } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { amsterdamDay } from '../impact/index.ts';
import { requireOrganizationRole } from '../organizations/index.ts';
import { signCompact, verifyCompact } from '../signing/index.ts';
import * as repo from './repository.ts';
import { categoryOf, defaultRules, tallyOf, targetOf } from './rules.ts';
import { renderStatementPdf } from './statement-pdf.ts';
import type { ObligationRow } from './tables.ts';

const buyerKey = (name: string) => name.trim().toLowerCase();

function toObligation(row: ObligationRow): Obligation {
  const contractValueCents = row.contract_value_cents === null ? null : Number(row.contract_value_cents);
  const targetPctHundredths = row.target_pct_hundredths;
  return {
    id: row.id,
    organizationId: row.organization_id,
    buyerName: row.buyer_name,
    contractReference: row.contract_reference,
    targetCents: targetOf({ targetCents: row.target_cents, targetPctHundredths, contractValueCents }),
    targetPct: targetPctHundredths === null ? null : targetPctHundredths / 100,
    contractValueCents,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    createdAt: row.created_at,
  };
}

/** The instant an Amsterdam day starts (CET or CEST, whichever holds that night). */
function amsterdamMidnight(day: string): string {
  for (const offset of ['+01:00', '+02:00']) {
    const at = new Date(`${day}T00:00:00${offset}`);
    if (amsterdamDay(at.toISOString()) === day && amsterdamDay(new Date(at.getTime() - 1).toISOString()) !== day)
      return at.toISOString();
  }
  return new Date(`${day}T00:00:00Z`).toISOString();
}
const nextDay = (day: string) =>
  new Date(new Date(`${day}T12:00:00Z`).getTime() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

async function requireBusinessManager(ctx: AppContext, actor: Actor, organizationId: string) {
  await requireOrganizationRole(ctx, actor, organizationId);
  const org = await repo.organizationFacts(ctx.db, organizationId);
  if (!org) throw notFound('Organisation');
  if (org.type !== 'business')
    throw ruleRefused('businesses_only', 'Social return obligations belong to businesses', undefined, {
      organizationId: 'Not a business',
    });
  return org;
}

export async function createObligation(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  input: z.input<typeof createObligationBody>,
): Promise<Obligation> {
  const body = createObligationBody.parse(input);
  await requireBusinessManager(ctx, actor, organizationId);
  const row: ObligationRow = {
    id: newId(),
    organization_id: organizationId,
    buyer_name: body.buyerName,
    buyer_key: buyerKey(body.buyerName),
    contract_reference: body.contractReference,
    target_cents: body.targetCents ?? null,
    target_pct_hundredths: body.targetPct === undefined ? null : Math.round(body.targetPct * 100),
    contract_value_cents: body.contractValueCents ?? null,
    period_from: body.periodFrom,
    period_to: body.periodTo,
    created_by: actor.userId,
    created_at: ctx.clock.now().toISOString(),
  };
  await repo.insertObligation(ctx.db, row);
  return toObligation(row);
}

export async function obligations(ctx: AppContext, actor: Actor, organizationId: string): Promise<Obligation[]> {
  await requireBusinessManager(ctx, actor, organizationId);
  return (await repo.obligationsOf(ctx.db, organizationId)).map(toObligation);
}

export async function setRules(
  ctx: AppContext,
  actor: Actor,
  organizationId: string,
  input: z.input<typeof valuationRulesBody>,
): Promise<ValuationRules> {
  const body = valuationRulesBody.parse(input);
  await requireBusinessManager(ctx, actor, organizationId);
  await repo.upsertRules(ctx.db, {
    organization_id: organizationId,
    buyer_key: buyerKey(body.buyerName),
    volunteer_hour_cents: body.volunteerHourCents,
    pro_bono_hour_cents: body.proBonoHourCents,
    purchase_pct: body.purchasePct,
    materials_pct: body.materialsPct,
    updated_by: actor.userId,
    updated_at: ctx.clock.now().toISOString(),
  });
  return rulesFor(ctx, organizationId, body.buyerName, ctx.clock.now().toISOString().slice(0, 10));
}

async function rulesFor(
  ctx: AppContext,
  organizationId: string,
  buyerName: string,
  periodTo: string,
): Promise<ValuationRules> {
  const defaults = defaultRules(periodTo);
  const row = await repo.findRules(ctx.db, organizationId, buyerKey(buyerName));
  if (!row) return defaults;
  return {
    volunteerHourCents: row.volunteer_hour_cents,
    proBonoHourCents: row.pro_bono_hour_cents,
    purchasePct: row.purchase_pct,
    materialsPct: row.materials_pct,
    basis: 'buyer',
    source: `Set by the business for ${buyerName} on ${row.updated_at.slice(0, 10)}.`,
    note: defaults.note,
  };
}

/** The obligation with its rules and what counts toward it now. */
async function assess(ctx: AppContext, actor: Actor, id: string) {
  const row = await repo.findObligation(ctx.db, id);
  if (!row) throw notFound('Obligation');
  const org = await requireBusinessManager(ctx, actor, row.organization_id);
  const obligation = toObligation(row);
  const rules = await rulesFor(ctx, row.organization_id, row.buyer_name, row.period_to);
  const transfers = await repo.confirmedTransfersOf(
    ctx.db,
    row.organization_id,
    amsterdamMidnight(row.period_from),
    amsterdamMidnight(nextDay(row.period_to)),
  );
  return { org, obligation, rules, transfers, tally: tallyOf(transfers, rules, obligation.targetCents) };
}

export async function readObligation(ctx: AppContext, actor: Actor, id: string) {
  const { obligation, rules, tally } = await assess(ctx, actor, id);
  return { obligation, rules, tally };
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** `SR-` and 15 characters from 32 (75 bits), grouped for reading aloud. */
function newStatementCode(): string {
  const chars = [...randomBytes(15)].map((b) => CODE_ALPHABET[b % 32]).join('');
  return `SR-${chars.slice(0, 5)}-${chars.slice(5, 10)}-${chars.slice(10, 15)}`;
}

const verifyUrl = (ctx: AppContext, code: string) => `${ctx.config.publicUrl}/api/social-return/statements/${code}`;
const pdfUrl = (ctx: AppContext, code: string) => `${ctx.config.publicUrl}/api/social-return/statements/${code}/pdf`;

/** Issues a statement: its content as canonical JSON with the platform's Ed25519 signature (compact JWS). */
export async function issueStatement(ctx: AppContext, actor: Actor, id: string) {
  const { org, obligation, rules, transfers, tally } = await assess(ctx, actor, id);
  const code = newStatementCode();
  const issuedAt = ctx.clock.now().toISOString();
  const counted = transfers.filter((t) => categoryOf(t) !== null).map((t) => t.id);
  const content: StatementContent = {
    code,
    businessName: org.name,
    obligation,
    rules,
    tally,
    transferIds: counted,
    issuedAt,
  };
  const payload = JSON.stringify(content);
  const { jws, kid } = await signCompact(ctx, new TextEncoder().encode(payload), 'waardewerk-social-return+jws');
  await repo.insertStatement(ctx.db, { code, obligation_id: id, payload, signature: jws, kid, issued_at: issuedAt });
  ctx.log.info({ code, organizationId: org.id, totalCents: tally.totalCents }, 'social return statement issued');
  return { code, totalCents: tally.totalCents, issuedAt, verifyUrl: verifyUrl(ctx, code), pdfUrl: pdfUrl(ctx, code) };
}

/** What a code states, if the stored content still carries the platform's signature. Public, like a certificate. */
export async function verifyStatement(ctx: AppContext, code: string) {
  const normalized = code.trim().toUpperCase();
  const invalidAnswer = (reason: 'unknown_code' | 'bad_signature') => ({
    valid: false,
    code: normalized,
    reason,
    statement: null,
    kid: null,
  });
  const row = await repo.findStatement(ctx.db, normalized);
  if (!row) return invalidAnswer('unknown_code');
  const signed = await verifyCompact(ctx, row.signature);
  if (!signed || new TextDecoder().decode(signed) !== row.payload) return invalidAnswer('bad_signature');
  const parsed = statementContent.safeParse(JSON.parse(row.payload));
  if (!parsed.success || parsed.data.code !== row.code) return invalidAnswer('bad_signature');
  return { valid: true, code: row.code, reason: null, statement: parsed.data, kid: row.kid };
}

/** The statement as PDF, from the signed content (404 unless it verifies). */
export async function statementPdf(ctx: AppContext, code: string): Promise<Buffer> {
  const verdict = await verifyStatement(ctx, code);
  if (!verdict.valid || !verdict.statement) throw notFound('Statement');
  return renderStatementPdf(verdict.statement, verifyUrl(ctx, verdict.code));
}
