/**
 * Badges as pure rules over a person's confirmed work (issue 12, item 2): recomputed from the
 * entries every time, never stored, so a correction that removes the work removes the badge.
 * Each badge names the ledger entries it rests on, in the order they counted.
 */
import { domainCodes, type DomainCode } from '../../../shared/vocabulary.ts';

/** One piece of confirmed work of the person: a posted WORK transfer (net of corrections) and their share of it. */
export interface WorkEntry {
  transferId: string;
  engagementId: string;
  /** The person's own minutes (for business staff: their share). */
  minutes: number;
  /** YYYY-MM-DD (Europe/Amsterdam) of the confirmation. */
  day: string;
  domains: readonly string[];
  organizationId: string;
  /** hands | knowledge (materials carry no minutes). */
  needKind: string;
  paid: boolean;
}

export const hourThresholds = [10, 50, 100, 250, 500] as const;
/** Hours in one domain that earn its domain badge. */
export const DOMAIN_BADGE_HOURS = 20;
export const DOMAINS_FOR_BADGE = 3;
export const MONTHS_FOR_BADGE = 6;

export type BadgeId =
  | 'first_contribution'
  | `hours_${(typeof hourThresholds)[number]}`
  | `domain_${DomainCode}`
  | 'three_domains'
  | 'knowledge_shared'
  | 'six_months'
  | 'first_work_nl';

export interface Badge {
  id: BadgeId;
  /** The day the last entry it rests on was confirmed. */
  earnedOn: string;
  /** Ledger transfer ids, in the order they counted towards it. */
  evidence: string[];
}

/** Every badge id there is (for validating `:badgeId` and listing what can be earned). */
export const allBadgeIds: readonly BadgeId[] = [
  'first_contribution',
  ...hourThresholds.map((h) => `hours_${h}` as const),
  ...domainCodes.map((d) => `domain_${d}` as const),
  'three_domains',
  'knowledge_shared',
  'six_months',
  'first_work_nl',
];

/** Chronological, ties by transfer id: the same input always gives the same evidence. */
const chronological = (entries: readonly WorkEntry[]) =>
  [...entries].sort((a, b) => (a.day === b.day ? (a.transferId < b.transferId ? -1 : 1) : a.day < b.day ? -1 : 1));

/** The shortest chronological prefix of `entries` whose minutes reach `minutes`, or null. */
function reaching(entries: readonly WorkEntry[], minutes: number): WorkEntry[] | null {
  const taken: WorkEntry[] = [];
  let sum = 0;
  for (const e of entries) {
    taken.push(e);
    sum += e.minutes;
    if (sum >= minutes) return taken;
  }
  return null;
}

const badge = (id: BadgeId, evidence: readonly WorkEntry[]): Badge => ({
  id,
  earnedOn: evidence[evidence.length - 1]!.day,
  evidence: evidence.map((e) => e.transferId),
});

/** The first entry of each of the first `count` distinct keys, or null when there are fewer. */
function firstOfDistinct(
  entries: readonly WorkEntry[],
  keysOf: (e: WorkEntry) => readonly string[],
  count: number,
): WorkEntry[] | null {
  const seen = new Set<string>();
  const taken: WorkEntry[] = [];
  for (const e of entries) {
    const fresh = keysOf(e).filter((k) => !seen.has(k));
    if (fresh.length === 0) continue;
    for (const k of fresh) seen.add(k);
    taken.push(e);
    if (seen.size >= count) return taken;
  }
  return null;
}

export function firstContribution(entries: readonly WorkEntry[]): Badge | null {
  const first = chronological(entries).find((e) => e.minutes > 0);
  return first ? badge('first_contribution', [first]) : null;
}

export function hoursBadges(entries: readonly WorkEntry[]): Badge[] {
  const sorted = chronological(entries);
  return hourThresholds.flatMap((h) => {
    const evidence = reaching(sorted, h * 60);
    return evidence ? [badge(`hours_${h}`, evidence)] : [];
  });
}

/** Per domain: 20 hours in needs of that domain (a need in two domains counts for both). */
export function domainBadges(entries: readonly WorkEntry[]): Badge[] {
  const sorted = chronological(entries);
  return domainCodes.flatMap((d) => {
    const evidence = reaching(
      sorted.filter((e) => e.domains.includes(d)),
      DOMAIN_BADGE_HOURS * 60,
    );
    return evidence ? [badge(`domain_${d}`, evidence)] : [];
  });
}

export function threeDomains(entries: readonly WorkEntry[]): Badge | null {
  const evidence = firstOfDistinct(chronological(entries), (e) => e.domains, DOMAINS_FOR_BADGE);
  return evidence ? badge('three_domains', evidence) : null;
}

/** Work on a knowledge need: the person shared what they know. */
export function knowledgeShared(entries: readonly WorkEntry[]): Badge | null {
  const first = chronological(entries).find((e) => e.needKind === 'knowledge');
  return first ? badge('knowledge_shared', [first]) : null;
}

/** Confirmed work in six different calendar months. */
export function sixMonths(entries: readonly WorkEntry[]): Badge | null {
  const evidence = firstOfDistinct(chronological(entries), (e) => [e.day.slice(0, 7)], MONTHS_FOR_BADGE);
  return evidence ? badge('six_months', evidence) : null;
}

/** Only for people who opted in to count as a newcomer: their first confirmed work in the Netherlands. */
export function firstWorkInNetherlands(entries: readonly WorkEntry[], countAsNewcomer: boolean): Badge | null {
  if (!countAsNewcomer) return null;
  const first = chronological(entries).find((e) => e.minutes > 0);
  return first ? badge('first_work_nl', [first]) : null;
}

/** Every badge the work earns, in the order of `allBadgeIds`. */
export function badgesFor(entries: readonly WorkEntry[], person: { countAsNewcomer: boolean }): Badge[] {
  const positive = entries.filter((e) => e.minutes > 0);
  const found = [
    firstContribution(positive),
    ...hoursBadges(positive),
    ...domainBadges(positive),
    threeDomains(positive),
    knowledgeShared(positive),
    sixMonths(positive),
    firstWorkInNetherlands(positive, person.countAsNewcomer),
  ].filter((b): b is Badge => b !== null);
  return found.sort((a, b) => allBadgeIds.indexOf(a.id) - allBadgeIds.indexOf(b.id));
}

/** Minutes per domain (a need in two domains counts in both) and in total. */
export function minutesByDomain(entries: readonly WorkEntry[]): {
  total: number;
  byDomain: Partial<Record<string, number>>;
} {
  const byDomain: Record<string, number> = {};
  let total = 0;
  for (const e of entries) {
    total += e.minutes;
    for (const d of new Set(e.domains)) byDomain[d] = (byDomain[d] ?? 0) + e.minutes;
  }
  return { total, byDomain };
}
