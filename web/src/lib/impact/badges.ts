/**
 * A badge id in words. Ids are `first_contribution`, `hours_50`, `domain_greening`, …; the words
 * live in the catalogues under `recognition.badge.*` (the server's Open Badges carry the same names).
 */
export interface BadgeWords {
  key: string;
  params: Record<string, string | number>;
}

/** Hours of confirmed work in one domain that earn its badge (server/modules/recognition/badge-rules.ts). */
export const DOMAIN_BADGE_HOURS = 20;

export function badgeName(id: string, domainName: (code: string) => string): BadgeWords {
  const hours = /^hours_(\d+)$/.exec(id);
  if (hours) return { key: 'recognition.badge.hours.name', params: { hours: Number(hours[1]) } };
  if (id.startsWith('domain_'))
    return {
      key: 'recognition.badge.domain.name',
      params: { hours: DOMAIN_BADGE_HOURS, domain: domainName(id.slice('domain_'.length)) },
    };
  return { key: `recognition.badge.${id}.name`, params: {} };
}

export function badgeCriteria(id: string, domainName: (code: string) => string): BadgeWords {
  const hours = /^hours_(\d+)$/.exec(id);
  if (hours) return { key: 'recognition.badge.hours.criteria', params: { hours: Number(hours[1]) } };
  if (id.startsWith('domain_'))
    return {
      key: 'recognition.badge.domain.criteria',
      params: { hours: DOMAIN_BADGE_HOURS, domain: domainName(id.slice('domain_'.length)) },
    };
  return { key: `recognition.badge.${id}.criteria`, params: {} };
}
