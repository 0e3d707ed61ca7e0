/** The domain's fixed vocabulary: stable codes used by the API; the web app translates them. */

/** Domains of social value (docs/DOMAIN.md), with an optional UN SDG tag so reports are comparable. */
export const domains = [
  { code: 'poverty', sdg: 1 },
  { code: 'social_inclusion', sdg: 10 },
  { code: 'informal_care', sdg: 3 },
  { code: 'energy', sdg: 7 },
  { code: 'greening', sdg: 15 },
  { code: 'work', sdg: 8 },
  { code: 'education', sdg: 4 },
  { code: 'food', sdg: 2 },
  { code: 'housing', sdg: 11 },
  { code: 'health_sport', sdg: 3 },
  { code: 'culture', sdg: 11 },
  { code: 'safety', sdg: 16 },
  { code: 'language_integration', sdg: 10 },
] as const;
export type DomainCode = (typeof domains)[number]['code'];
export const domainCodes = domains.map((d) => d.code) as [DomainCode, ...DomainCode[]];

export const organizationTypes = ['initiative', 'business', 'public'] as const;
/** Who mainly funds an initiative (MAEX asked; the founding report found funds and municipalities largest). */
export const funderKinds = [
  'funds',
  'municipality',
  'province',
  'national_government',
  'business',
  'donors',
  'own_income',
  'other',
] as const;
/** Where an initiative stands in its life. */
export const lifePhases = ['starting', 'growing', 'established', 'renewing', 'winding_down'] as const;
/** What an initiative needs now. */
export const currentNeedKinds = ['money', 'hands', 'materials', 'knowledge'] as const;
export const memberRoles = ['owner', 'coordinator', 'member'] as const;
export const paidWorkAnswers = ['yes', 'no', 'unknown'] as const;
