import { z } from 'zod';

/**
 * The kinds of notification that can reach a person by e-mail, and when by default: what needs an
 * answer at once (an invitation, hours to confirm, accepted, not selected), the rest in the daily digest.
 */
export const mailKindDefaults = {
  engagement_invited: 'immediate',
  hours_to_confirm: 'immediate',
  engagement_accepted: 'immediate',
  not_selected: 'immediate',
  engagement_proposed: 'digest',
  engagement_message: 'digest',
  engagement_update: 'digest',
  new_match: 'digest',
} as const satisfies Record<string, MailMode>;

export type MailKind = keyof typeof mailKindDefaults;
export const mailKinds = Object.keys(mailKindDefaults) as [MailKind, ...MailKind[]];
export const mailModes = ['immediate', 'digest', 'off'] as const;
export type MailMode = (typeof mailModes)[number];

export const mailPreference = z.object({ kind: z.enum(mailKinds), mode: z.enum(mailModes), isDefault: z.boolean() });
export type MailPreference = z.infer<typeof mailPreference>;
export const mailPreferencesResponse = z.object({ items: z.array(mailPreference) });
/** `PATCH /api/me/mail-preferences`: the kinds to change, each to a mode. */
export const updateMailPreferencesBody = z
  .partialRecord(z.enum(mailKinds), z.enum(mailModes))
  .refine((v) => Object.keys(v).length > 0, 'Change at least one kind');

/** The signed token of an unsubscribe link (a compact JWS: three base64url parts). */
export const unsubscribeBody = z.strictObject({
  token: z
    .string()
    .trim()
    .max(1000)
    .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, 'This link is not complete'),
});
export const unsubscribeResponse = z.object({ kind: z.enum(mailKinds), mode: z.literal('off') });
