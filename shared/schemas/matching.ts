import { z } from 'zod';
import { id, isoDateTime, postcode } from './common.ts';
import { listingKinds, need, offer } from './listings.ts';

/**
 * Matching (docs/API.md): ranked suggestions both ways with their reasons, and match rounds that pair a
 * whole region at once. Scores are 0..1; a reason's `text` is a key of the web's `matching`
 * catalogue (`matching.skills.all`) and `params` fill its placeholders.
 */

export const matchFactors = [
  'skills',
  'distance',
  'availability',
  'language',
  'compensation',
  'kind',
  'freshness',
  'fairness',
] as const;

export const reason = z.object({
  factor: z.enum(matchFactors),
  score: z.number().min(0).max(1),
  text: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type MatchReason = z.infer<typeof reason>;

export const matchesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/**
 * What the need's organisation should ask before accepting (hard-rules.ts `askFirst`):
 * `work_permission` — the person has not said whether they may do paid work in the Netherlands,
 * and for this work it matters. Ask about work permission, never about status.
 */
export const askFirstTopics = ['work_permission'] as const;
const askFirst = z.enum(askFirstTopics).nullable();

export const offerMatch = z.object({ offer, score: z.number().min(0).max(1), reasons: z.array(reason), askFirst });
export type OfferMatch = z.infer<typeof offerMatch>;

/** A findable person as a coordinator sees them: display name, PC4 place, skills, languages — never e-mail or full postcode. */
export const matchedPerson = z.object({
  id: z.string(),
  displayName: z.string(),
  place: z.string().nullable(),
  skills: z.array(z.string()),
  languages: z.array(z.string()),
});
export type MatchedPerson = z.infer<typeof matchedPerson>;
export const personMatch = z.object({
  person: matchedPerson,
  score: z.number().min(0).max(1),
  reasons: z.array(reason),
  askFirst,
});
export type PersonMatch = z.infer<typeof personMatch>;
/** A need's match: a posted offer or a findable person, with the same score and reasons. */
export const candidateMatch = z.union([offerMatch, personMatch]);
export type CandidateMatch = z.infer<typeof candidateMatch>;
export const needMatch = z.object({ need, score: z.number().min(0).max(1), reasons: z.array(reason) });
export type NeedMatch = z.infer<typeof needMatch>;

export const offerMatchesResponse = z.object({ items: z.array(candidateMatch) });
export const needMatchesResponse = z.object({ items: z.array(needMatch) });

// ---------- match rounds ----------

export const createMatchRoundBody = z.strictObject({
  /** The centre of the region: a postcode (PC4 or full). */
  near: postcode,
  radiusKm: z.number().min(1, 'At least 1 km').max(50, 'At most 50 km: a round is for one region'),
  kind: z.enum(listingKinds).optional(),
});
export type CreateMatchRoundBody = z.infer<typeof createMatchRoundBody>;

export const proposal = z.object({
  id: z.string(),
  needId: z.string(),
  offerId: z.string(),
  score: z.number(),
  /** Why the pair fits, as for suggestions. */
  reasons: z.array(reason),
  /** Whether the proposal starts ticked: below the quality bar it is left for the coordinator to choose. */
  preselected: z.boolean(),
  /** Places (or pairings) this proposal fills. */
  units: z.number().int(),
  need: z.object({ id: z.string(), title: z.string(), organization: z.object({ id: z.string(), name: z.string() }) }),
  offer: z.object({ id: z.string(), title: z.string(), ownerName: z.string() }),
  /** The invitation made from it, once sent. */
  engagementId: z.string().nullable(),
  invitedAt: z.string().nullable(),
});
export type Proposal = z.infer<typeof proposal>;

export const roundSummary = z.object({
  id: z.string(),
  near: z.string(),
  radiusKm: z.number(),
  kind: z.enum(listingKinds).nullable(),
  needCount: z.number().int(),
  offerCount: z.number().int(),
  proposalCount: z.number().int().optional(),
  totalScore: z.number(),
  createdAt: isoDateTime,
});

export const round = roundSummary.extend({
  proposals: z.array(proposal),
  /** The round in words: how many needs its proposals cover and how many different people or businesses they ask. */
  coveredNeedCount: z.number().int(),
  pairedCandidateCount: z.number().int(),
});
export type MatchRound = z.infer<typeof round>;
export const roundResponse = z.object({ round });
export const roundPage = z.object({ items: z.array(roundSummary), nextCursor: z.string().nullable() });

/** A POST without a body (invite all) arrives as null: the same as `{}`. */
export const inviteBody = z.preprocess(
  (v) => v ?? {},
  z.strictObject({
    /** The proposals to invite; absent: every proposal of the round. */
    proposalIds: z.array(id).min(1, 'Choose at least one proposal').max(5000).optional(),
  }),
);
export type InviteBody = z.infer<typeof inviteBody>;

/** `proposed`: sent to the need's organisation to send itself (it did not let rounds invite for it). */
export const inviteOutcomes = ['invited', 'proposed', 'already_invited', 'refused'] as const;
export const inviteResult = z.object({
  proposalId: z.string(),
  outcome: z.enum(inviteOutcomes),
  engagementId: z.string().nullable(),
  /** Why it was refused (an API error code), e.g. the need was filled since the round ran. */
  code: z.string().optional(),
  message: z.string().optional(),
});
export const inviteResponse = z.object({ results: z.array(inviteResult) });

/** A round's pairing waiting for the need's organisation to send it (`GET /api/organizations/:id/round-proposals`). */
export const roundProposal = z.object({
  id: z.string(),
  roundId: z.string(),
  need: z.object({ id: z.string(), title: z.string() }),
  offer: z.object({ id: z.string(), title: z.string() }),
  score: z.number(),
  /** The public body whose round paired them. */
  proposedBy: z.object({ organizationId: z.string().nullable(), name: z.string() }),
  proposedAt: z.string(),
});
export const roundProposalsResponse = z.object({ items: z.array(roundProposal) });
