import type { z } from 'zod';
import type { FieldMessage } from './validation.ts';

/**
 * The shared listing and trust schemas state their cross-field rules in English (for API clients). The web
 * app shows each rule in the person's language: this table maps a rule's message to its key in the
 * `listings` catalogue. A unit test triggers every rule and checks that it is listed here.
 */
const ruleKeys: Record<string, string> = {
  'Give a postcode, or mark the work as remote': 'listings.rules.postcodeOrRemote',
  'Give a postcode, or mark the offer as remote': 'listings.rules.postcodeOrRemote',
  'The end must be after the start': 'listings.rules.endAfterStart',
  'Say whether the materials are given or lent': 'listings.rules.materialsMode',
  'Give a quantity for this unit': 'listings.rules.quantityForUnit',
  'Only for materials': 'listings.rules.onlyMaterials',
  'Materials are given or lent: choose unpaid or time credits': 'listings.rules.materialsCompensation',
  'Paid work by asylum seekers needs a work permit (TWV) applied for by the employer: confirm that you arrange it':
    'listings.rules.workPermit',
  'A travel radius needs a postcode': 'listings.rules.radiusNeedsPostcode',
  'For materials, give a quantity instead of hours': 'listings.rules.materialsNoHours',
  'Choose the kind of business offer': 'listings.rules.b2cTypeRequired',
  'Only business offers have a business offer type': 'listings.rules.b2cTypeOnlyBusiness',
  'A materials offer has kind materials': 'listings.rules.b2cMaterialsKind',
  'A paid assignment accepts paid compensation': 'listings.rules.b2cPaid',
  'This offer type accepts time credits': 'listings.rules.b2cTimeCredits',
  'The end time must be after the start time': 'listings.rules.slotEnd',
  // Organisation verification (shared/schemas/trust.ts).
  'A KvK number has 8 digits': 'trust.rules.kvk',
  'An OIN has 20 digits': 'trust.rules.oin',
};

/** The catalogue key of a rule's English message, if it is one of the listing rules. */
export function ruleMessageKey(message: string): string | undefined {
  return ruleKeys[message];
}

/** Params a web-side refinement attaches to its issue, so the message carries its figure. */
export interface MessageParamsIssue {
  messageKey: string;
  values?: Record<string, string | number>;
}
const hasMessageKey = (params: unknown): params is MessageParamsIssue =>
  typeof params === 'object' && params !== null && typeof (params as { messageKey?: unknown }).messageKey === 'string';

/** The translatable message of a custom (refinement) issue, when one is known. */
export function customIssueMessage(issue: z.core.$ZodIssueCustom): FieldMessage | undefined {
  if (hasMessageKey(issue.params))
    return { key: issue.params.messageKey, ...(issue.params.values ? { params: issue.params.values } : {}) };
  const key = ruleMessageKey(issue.message);
  return key ? { key } : undefined;
}
