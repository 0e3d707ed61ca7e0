/**
 * Matching for the API: who may see which suggestions, mapping rows onto the core's shapes,
 * retrieval (retrieval.ts), and match rounds with their invitations.
 *
 * Authorisation
 * - A need's matches: any member of its organisation (plain members read along), or an admin.
 * - An offer's matches: its owner — the person, or an owner/coordinator of the business — or an admin.
 * - Suggestions: the signed-in person, from their profile and their own open offers.
 * - Match rounds: owners and coordinators of a *verified* public organisation (a municipality, a
 *   volunteer centre — the matchmakers of a region), centred in and over needs of its own municipality
 *   or province (round-area.ts). A round is read by its creator or an admin.
 * - Invitations from a round: the round's creator while they still run the public organisation
 *   they ran it for (or still are an admin), or any admin. They invite on behalf of a need's
 *   organisation only where it allowed it (or it is their own; round-proposals.ts); otherwise the
 *   pairing goes to that organisation's managers to send. An invitation made for it is the organisation's invitation; the engagement is the organisation's invitation (`createEngagement` with
 *   `onBehalfOfOrganization`), every engagement rule still applies (open listings, paid work, one
 *   live engagement per person and need), and the organisation's coordinators are told who
 *   invited on their behalf. This is the matchmaking-market model: the region's broker pairs, the
 *   organisation and the helper then accept or decline as usual.
 *
 * Pairs that can never become an engagement are left out of suggestions: a business's offer for
 * its own need, and the people who run a need's organisation (they cannot take on its work).
 */
import { z } from 'zod';
import { boundingBox, distanceKm } from '../../../shared/geo.ts';
import type { Need } from '../../../shared/schemas/listings.ts';
import type {
  CandidateMatch,
  CreateMatchRoundBody,
  InviteBody,
  MatchReason,
  MatchRound,
  NeedMatch,
} from '../../../shared/schemas/matching.ts';
import type { Actor, AppContext } from '../../context.ts';
import { decodeCursor, encodeCursor } from '../../cursor.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { isManagingRole } from '../../../shared/roles.ts';
import { createEngagement } from '../engagements/index.ts';
import { publishNotifications, recordNotifications } from '../notifications/index.ts';
import { needOrganizationOf, proposeToOrganization, roundMayInviteFor } from './round-proposals.ts';
import { findNeedsByIds, findOffersByIds, toNeedDto, toOfferDto, viewerOf } from '../listings/index.ts';
import { managedOrganizationIds, managersOf, roleIn } from '../organizations/index.ts';
import { toMatchNeed, toPersonCandidate } from './core/mapping.ts';
import { matchingSource } from './matching-index.ts';
import * as repo from './repository.ts';
import { needsForCandidate, offerCandidates, offersForNeedRow, topPeopleForNeed, type Source } from './retrieval.ts';
import { askFirst } from './core/hard-rules.ts';
import { MIN_MATCH_SCORE, preselected, worthSuggesting } from './core/quality.ts';
import { score } from './core/scoring.ts';
import { needsForCandidate as rankNeeds, planMatchRound } from './core/round.ts';
import type { MatchCandidate, Reason, ScoredMatch } from './core/types.ts';
import { needInside, requireInside, roundAreaOf } from './round-area.ts';

const managing = isManagingRole;

function reasonsOut(reasons: readonly Reason[]): MatchReason[] {
  return reasons.map((r) => ({ factor: r.factor, score: r.score, text: `matching.${r.textKey}`, params: r.params }));
}

const source = (ctx: AppContext): Source => ({ db: ctx.db, dialect: ctx.dialect });

// ---------- need → offers and findable people ----------

/**
 * The best offers and findable people for a need, merged by score, none below the quality bar.
 * People who cannot take the need on are left out: the ones who run its organisation, and the ones
 * already engaged on it (invited, applied, working or done). A person is a candidate only while
 * they are findable: switching it off (or erasure, which switches it off) takes them out of the
 * next query.
 */
export async function matchesForNeed(
  ctx: AppContext,
  actor: Actor,
  needId: string,
  limit: number,
): Promise<CandidateMatch[]> {
  const row = await repo.needRow(ctx.db, needId);
  if (!row) throw notFound('Need');
  const role = await roleIn(ctx.db, actor.userId, row.organization_id);
  if (role === undefined && !actor.isAdmin)
    throw forbidden('Only members of the organisation that posted this need may see its matches');
  const nowMs = ctx.clock.now().getTime();
  const need = toMatchNeed(row);
  const managers = new Set((await managersOf(ctx.db, [row.organization_id])).get(row.organization_id) ?? []);
  const standing = await repo.standingPairs(ctx.db, [row.id]);
  const src = await matchingSource(ctx);
  const [offers, people] = await Promise.all([
    offersForNeedRow(src, row, limit, nowMs),
    topPeopleForNeed(
      source(ctx),
      need,
      limit,
      nowMs,
      (userId) => managers.has(userId) || standing.has(`${row.id}|user:${userId}`),
    ),
  ]);
  const viewer = await viewerOf(ctx, actor);
  const offerDtos = new Map(
    (
      await findOffersByIds(
        ctx.db,
        offers.map((m) => m.row.id),
      )
    ).map((o) => [o.id, o]),
  );
  const merged: { score: number; id: string; item: CandidateMatch }[] = [];
  for (const m of offers) {
    const offer = offerDtos.get(m.row.id);
    if (offer && worthSuggesting(m.score)) {
      merged.push({
        score: m.score,
        id: m.candidate.id,
        item: {
          offer: toOfferDto(ctx, viewer, offer),
          score: m.score,
          reasons: reasonsOut(m.reasons),
          askFirst: askFirst(need, m.candidate),
        },
      });
    }
  }
  for (const m of people) {
    if (!worthSuggesting(m.score)) continue;
    const person = {
      id: m.row.id,
      displayName: m.row.display_name,
      place: ctx.postcodes.lookup(m.row.postcode)?.place ?? null,
      skills: JSON.parse(m.row.skills) as string[],
      languages: JSON.parse(m.row.languages) as string[],
    };
    merged.push({
      score: m.score,
      id: m.candidate.id,
      item: { person, score: m.score, reasons: reasonsOut(m.reasons), askFirst: askFirst(need, m.candidate) },
    });
  }
  return merged
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, limit)
    .map((m) => m.item);
}

// ---------- offer / person → needs ----------

interface RankedNeed extends ScoredMatch {
  needId: string;
}

/** The best needs for each candidate, merged: a need keeps its best score (and that score's reasons). */
async function rankNeedsFor(
  ctx: AppContext,
  candidates: readonly MatchCandidate[],
  limit: number,
  excludedOrganizations: ReadonlySet<string>,
  excludedNeeds: ReadonlySet<string> = new Set(),
): Promise<RankedNeed[]> {
  const nowMs = ctx.clock.now().getTime();
  const src = await matchingSource(ctx);
  const best = new Map<string, RankedNeed>();
  for (const candidate of candidates) {
    const needs = (await needsForCandidate(src, candidate, nowMs)).filter(
      (n) => !excludedOrganizations.has(n.organizationId) && !excludedNeeds.has(n.need.id),
    );
    for (const m of rankNeeds(
      candidate,
      needs.map((n) => n.need),
      limit,
      nowMs,
    )) {
      const current = best.get(m.need.id);
      if (worthSuggesting(m.score) && (!current || m.score > current.score))
        best.set(m.need.id, { needId: m.need.id, score: m.score, reasons: m.reasons });
    }
  }
  return [...best.values()].sort((a, b) => b.score - a.score || (a.needId < b.needId ? -1 : 1)).slice(0, limit);
}

async function needDtos(ctx: AppContext, actor: Actor, ranked: readonly RankedNeed[]): Promise<NeedMatch[]> {
  const viewer = await viewerOf(ctx, actor);
  const needs = new Map(
    (
      await findNeedsByIds(
        ctx.db,
        ranked.map((m) => m.needId),
      )
    ).map((n) => [n.id, n]),
  );
  return ranked.flatMap((m) => {
    const need = needs.get(m.needId);
    return need
      ? [{ need: toNeedDto(ctx, viewer, need) satisfies Need, score: m.score, reasons: reasonsOut(m.reasons) }]
      : [];
  });
}

/** Organisations whose needs the person cannot take on (they run them). */
async function runOrganizations(ctx: AppContext, userId: string): Promise<Set<string>> {
  return new Set(await managedOrganizationIds(ctx.db, userId));
}

export async function matchesForOffer(
  ctx: AppContext,
  actor: Actor,
  offerId: string,
  limit: number,
): Promise<NeedMatch[]> {
  const row = await repo.offerRow(ctx.db, offerId);
  if (!row) throw notFound('Offer');
  const isOwner =
    row.organization_id !== null
      ? managing(await roleIn(ctx.db, actor.userId, row.organization_id))
      : row.owner_user_id === actor.userId;
  if (!isOwner && !actor.isAdmin) throw forbidden('Only the owner of this offer may see its matches');
  const [candidate] = await offerCandidates(ctx.db, [row]);
  if (!candidate) return [];
  const excluded =
    row.organization_id !== null
      ? new Set([row.organization_id])
      : row.owner_user_id
        ? await runOrganizations(ctx, row.owner_user_id)
        : new Set<string>();
  return needDtos(ctx, actor, await rankNeedsFor(ctx, [candidate], limit, excluded));
}

export async function suggestionsForMe(ctx: AppContext, actor: Actor, limit: number): Promise<NeedMatch[]> {
  const person = await repo.personRow(ctx.db, actor.userId);
  if (!person) throw notFound('Person');
  const engaged = await repo.engagedBefore(ctx.db, { userIds: [actor.userId], organizationIds: [] });
  const place = person.postcode ? ctx.postcodes.lookup(person.postcode) : undefined;
  const profile = toPersonCandidate(
    person,
    place ? { lat: place.lat, lng: place.lng } : null,
    engaged.has(actor.userId),
  );
  const offers = await offerCandidates(
    ctx.db,
    await repo.offerRows(ctx.db, await repo.ownOpenOfferIds(ctx.db, actor.userId, ctx.clock.now().toISOString())),
  );
  // Needs the person already applied to, was invited for or did are not suggested again.
  const engagedNeeds = await repo.needsEngagedBy(ctx.db, actor.userId);
  return needDtos(
    ctx,
    actor,
    await rankNeedsFor(ctx, [profile, ...offers], limit, await runOrganizations(ctx, actor.userId), engagedNeeds),
  );
}

// ---------- match rounds ----------

/** Candidates kept per need before the assignment: plenty for an optimum over a region. */
const CANDIDATES_PER_NEED = 30;
/** A business's work offer: one pairing per 8 hours a month it offers, 1..10 (1 when not stated). */
const HOURS_PER_PAIRING = 8;
const MAX_BUSINESS_PAIRINGS = 10;

function offerCapacity(row: repo.OfferRowForMatching): number {
  if (row.organization_id === null || row.kind === 'materials' || row.capacity_hours_per_month === null) return 1;
  return Math.max(1, Math.min(MAX_BUSINESS_PAIRINGS, Math.floor(row.capacity_hours_per_month / HOURS_PER_PAIRING)));
}

/** The public organisation the person runs rounds for, 'admin', or 403. */
async function roundRunner(ctx: AppContext, actor: Actor): Promise<string | null> {
  const organizations = await managedOrganizationIds(ctx.db, actor.userId, 'public');
  if (organizations[0] !== undefined) return organizations[0];
  if (actor.isAdmin) return null;
  throw forbidden('Match rounds are run by owners and coordinators of a public organisation, or by admins');
}

export async function createRound(ctx: AppContext, actor: Actor, body: CreateMatchRoundBody): Promise<MatchRound> {
  const area = await roundAreaOf(ctx, ctx.db, await managedOrganizationIds(ctx.db, actor.userId, 'public'));
  const organizationId = area.organizationId;
  const center = ctx.postcodes.lookup(body.near);
  if (!center)
    throw new AppError(400, 'unknown_postcode', `Postcode ${body.near} does not exist`, { near: 'Unknown postcode' });
  requireInside(area, center);
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const box = boundingBox(center, body.radiusKm);
  const inRegion = (r: { lat: number | null; lng: number | null }) =>
    r.lat !== null && r.lng !== null && distanceKm(center, { lat: r.lat, lng: r.lng }) <= body.radiusKm;
  const kind = body.kind ?? null;
  const [needRows, offerRows] = await Promise.all([
    repo.needsInBox(ctx.db, { box, kind, now: nowIso }),
    repo.offersInBox(ctx.db, { box, kind, now: nowIso }),
  ]);
  const needs = needRows.filter((n) => inRegion(n) && needInside(ctx, area, n));
  const offers = offerRows.filter(inRegion);

  const taken = await repo.placesTakenByNeed(
    ctx.db,
    needs.map((n) => n.id),
  );
  const roundNeeds = needs.flatMap((n) => {
    const places = n.kind === 'materials' ? 1 : (n.people_needed ?? 1);
    const capacity = places - (taken.get(n.id) ?? 0);
    return capacity > 0 ? [{ need: toMatchNeed(n), capacity }] : [];
  });
  const candidates = await offerCandidates(ctx.db, offers);
  const offerById = new Map(offers.map((o) => [o.id, o]));
  const needOrg = new Map(needs.map((n) => [n.id, n.organization_id]));
  const managers = await managersOf(ctx.db, [...new Set(needs.map((n) => n.organization_id))]);
  const standing = await repo.standingPairs(
    ctx.db,
    needs.map((n) => n.id),
  );
  const excluded = (needId: string, offerId: string) => {
    const org = needOrg.get(needId);
    const offer = offerById.get(offerId);
    if (!org || !offer) return true;
    // Already engaged on this need (invited, applied, working or done): proposing it again only fails.
    if (
      standing.has(`${needId}|offer:${offerId}`) ||
      (offer.owner_user_id !== null && standing.has(`${needId}|user:${offer.owner_user_id}`))
    )
      return true;
    return (
      offer.organization_id === org ||
      (offer.owner_user_id !== null && (managers.get(org) ?? []).includes(offer.owner_user_id))
    );
  };
  const plan = planMatchRound({
    needs: roundNeeds,
    candidates: candidates.map((candidate) => ({
      candidate,
      capacity: offerCapacity(offerById.get(candidate.id) as repo.OfferRowForMatching),
    })),
    candidatesPerNeed: CANDIDATES_PER_NEED,
    nowMs: now.getTime(),
    excluded,
    minScore: MIN_MATCH_SCORE,
  });
  const needById = new Map(roundNeeds.map((n) => [n.need.id, n.need]));
  const candidateById = new Map(candidates.map((c) => [c.id, c]));
  // Each proposal keeps the reasons it was made for, so the reviewer reads why (as on a suggestion).
  const reasonsOf = (needId: string, offerId: string): string => {
    const need = needById.get(needId);
    const candidate = candidateById.get(offerId);
    const explained = need && candidate ? score(need, candidate, now.getTime()) : null;
    return JSON.stringify(explained?.reasons ?? []);
  };

  const id = newId();
  await ctx.db.transaction().execute((trx) =>
    repo.insertRound(
      trx,
      {
        id,
        created_by: actor.userId,
        organization_id: organizationId,
        near: body.near,
        lat: center.lat,
        lng: center.lng,
        radius_km: body.radiusKm,
        kind,
        need_count: roundNeeds.length,
        offer_count: candidates.length,
        total_score: plan.totalScore,
        created_at: nowIso,
      },
      plan.proposals.map((p, position) => ({
        id: newId(),
        round_id: id,
        position,
        need_id: p.needId,
        offer_id: p.offerId,
        units: p.units,
        score: p.score,
        reasons: reasonsOf(p.needId, p.offerId),
        engagement_id: null,
        invited_at: null,
      })),
    ),
  );
  ctx.log.info(
    {
      roundId: id,
      userId: actor.userId,
      needs: roundNeeds.length,
      offers: candidates.length,
      proposals: plan.proposals.length,
    },
    'match round planned',
  );
  return loadRound(ctx, id);
}

function summaryOf(row: NonNullable<Awaited<ReturnType<typeof repo.findRound>>>) {
  return {
    id: row.id,
    near: row.near,
    radiusKm: row.radius_km,
    kind: row.kind as MatchRound['kind'],
    needCount: row.need_count,
    offerCount: row.offer_count,
    totalScore: row.total_score,
    createdAt: row.created_at,
  };
}

async function loadRound(ctx: AppContext, id: string): Promise<MatchRound> {
  const row = await repo.findRound(ctx.db, id);
  if (!row) throw notFound('Match round');
  const proposals = await repo.roundProposals(ctx.db, id);
  return {
    ...summaryOf(row),
    proposalCount: proposals.length,
    coveredNeedCount: new Set(proposals.map((p) => p.need_id)).size,
    pairedCandidateCount: new Set(proposals.map((p) => p.offer_id)).size,
    proposals: proposals.map((p) => ({
      id: p.id,
      needId: p.need_id,
      offerId: p.offer_id,
      score: p.score,
      reasons: reasonsOut(JSON.parse(p.reasons) as Reason[]),
      preselected: preselected(p.score),
      units: p.units,
      need: {
        id: p.need_id,
        title: p.need_title,
        organization: { id: p.need_organization_id, name: p.need_organization_name },
      },
      offer: { id: p.offer_id, title: p.offer_title, ownerName: p.offer_organization_name ?? p.owner_name ?? '' },
      engagementId: p.engagement_id,
      invitedAt: p.invited_at,
    })),
  };
}

async function requireRoundReader(ctx: AppContext, actor: Actor, id: string) {
  const row = await repo.findRound(ctx.db, id);
  if (!row) throw notFound('Match round');
  if (row.created_by !== actor.userId && !actor.isAdmin)
    throw forbidden('Only the person who ran this round may see it');
  return row;
}

export async function getRound(ctx: AppContext, actor: Actor, id: string): Promise<MatchRound> {
  await requireRoundReader(ctx, actor, id);
  return loadRound(ctx, id);
}

const roundCursor = z.object({ c: z.string(), id: z.string() });

export async function listRounds(ctx: AppContext, actor: Actor, query: { limit: number; cursor?: string | undefined }) {
  if (!actor.isAdmin) await roundRunner(ctx, actor);
  const after = decodeCursor(query.cursor, roundCursor);
  const rows = await repo.listRounds(ctx.db, {
    createdBy: actor.isAdmin ? null : actor.userId,
    limit: query.limit,
    after: after && { createdAt: after.c, id: after.id },
  });
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(summaryOf),
    nextCursor: more && last ? encodeCursor({ c: last.created_at, id: last.id }) : null,
  };
}

/**
 * Turns proposals into invitations on behalf of each need's organisation (see the header for who
 * may). Idempotent per proposal: a proposal is claimed (invited_at set where it was null) before
 * its engagement is made, so a repeated or concurrent request never invites twice; a refusal
 * releases the claim so it can be tried again later.
 */
export async function inviteFromRound(ctx: AppContext, actor: Actor, roundId: string, body: InviteBody) {
  const round = await repo.findRound(ctx.db, roundId);
  if (!round) throw notFound('Match round');
  const creatorStillRuns =
    round.created_by === actor.userId &&
    (round.organization_id === null
      ? actor.isAdmin
      : managing(await roleIn(ctx.db, actor.userId, round.organization_id)));
  if (!creatorStillRuns && !actor.isAdmin)
    throw forbidden(
      'Only the person who ran this round, while they still run its organisation, may send its invitations',
    );

  const proposals = await repo.proposalsOfRound(ctx.db, roundId);
  let chosen = proposals;
  if (body.proposalIds) {
    const wanted = new Set(body.proposalIds);
    chosen = proposals.filter((p) => wanted.has(p.id));
    const unknown = [...wanted].filter((w) => !proposals.some((p) => p.id === w));
    if (unknown.length > 0)
      throw new AppError(400, 'invalid_input', `Not proposals of this round: ${unknown.join(', ')}`, {
        proposalIds: 'Not a proposal of this round',
      });
  }

  const results = [];
  for (const p of chosen) {
    const claimedAt = ctx.clock.now().toISOString();
    if (!(await repo.claimProposal(ctx.db, p.id, claimedAt))) {
      results.push({
        proposalId: p.id,
        outcome: 'already_invited' as const,
        engagementId: await repo.proposalEngagementId(ctx.db, p.id),
      });
      continue;
    }
    try {
      const needOrganizationId = await needOrganizationOf(ctx, p.need_id);
      if (!(await roundMayInviteFor(ctx, round.organization_id, needOrganizationId))) {
        await proposeToOrganization(ctx, p.id, needOrganizationId, roundId);
        results.push({ proposalId: p.id, outcome: 'proposed' as const, engagementId: null });
        continue;
      }
      const engagement = await createEngagement(
        ctx,
        actor,
        { needId: p.need_id, offerId: p.offer_id },
        { onBehalfOfOrganization: true, viaOrganizationId: round.organization_id },
      );
      await linkAndNotify(ctx, p.id, engagement.need.organizationId, engagement.id, roundId);
      results.push({ proposalId: p.id, outcome: 'invited' as const, engagementId: engagement.id });
    } catch (error) {
      await repo.releaseProposal(ctx.db, p.id);
      if (!(error instanceof AppError)) throw error;
      results.push({
        proposalId: p.id,
        outcome: 'refused' as const,
        engagementId: null,
        code: error.code,
        message: error.message,
      });
    }
  }
  return { results };
}

/** The proposal points to its engagement, and the need's coordinators hear that a round invited on their behalf, in one transaction. */
async function linkAndNotify(
  ctx: AppContext,
  proposalId: string,
  organizationId: string,
  engagementId: string,
  roundId: string,
): Promise<void> {
  const notified = await ctx.db.transaction().execute(async (trx) => {
    await repo.setProposalEngagement(trx, proposalId, engagementId);
    const userIds = (await managersOf(trx, [organizationId])).get(organizationId) ?? [];
    return recordNotifications(ctx, trx, {
      userIds,
      kind: 'engagement.invited_by_round',
      data: { engagementId, roundId },
    });
  });
  publishNotifications(ctx, notified);
}

/** Pairings a round left with a need's own managers (round-proposals.ts). */
export { listRoundProposals, sendRoundProposal } from './round-proposals.ts';
