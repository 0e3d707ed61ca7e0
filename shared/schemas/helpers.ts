import { z } from 'zod';
import { isoDateTime } from './common.ts';

/** What a coordinator may do for a person who gave consent (`X-On-Behalf-Of: <personId>` on these requests). */
export const onBehalfActions = ['post_offer', 'apply', 'answer', 'message', 'log_hours'] as const;
export type OnBehalfAction = (typeof onBehalfActions)[number];

export const consentMethods = ['code', 'confirmed'] as const;
export const consentStatuses = ['pending', 'active', 'withdrawn'] as const;

export { ON_BEHALF_HEADER } from '../on-behalf.ts';

export const helperCodeResponse = z.object({ code: z.string(), expiresAt: isoDateTime });
export const consentByCodeBody = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{8}$/, 'Enter the 8 letters and digits the person shows you'),
});
export const consentRequestBody = z.object({
  email: z
    .email()
    .max(254)
    .transform((e) => e.toLowerCase()),
});

const personRef = z.object({ id: z.string(), displayName: z.string() });
export const helperConsent = z.object({
  id: z.string(),
  helper: personRef,
  person: personRef,
  method: z.enum(consentMethods),
  status: z.enum(consentStatuses),
  requestedAt: isoDateTime,
  givenAt: isoDateTime.nullable(),
  withdrawnAt: isoDateTime.nullable(),
});
export type HelperConsent = z.infer<typeof helperConsent>;
export const helperConsentResponse = z.object({ consent: helperConsent });
export const helperConsentList = z.object({ items: z.array(helperConsent) });

export const onBehalfAct = z.object({
  id: z.string(),
  helper: personRef,
  action: z.enum(onBehalfActions),
  path: z.string(),
  statusCode: z.number().int().nullable(),
  at: isoDateTime,
});
export const onBehalfActList = z.object({ items: z.array(onBehalfAct) });
