import { z } from 'zod';
import { localeCodes } from '../locales.ts';
import { memberRoles, paidWorkAnswers } from '../vocabulary.ts';
import { isoDateTime, languageCode, postcode, skill } from './common.ts';

export const email = z.string().trim().toLowerCase().max(254).pipe(z.email('Enter a valid email address'));
/** Length is what makes a password strong (NIST 800-63B, OWASP ASVS 5): no composition rules. */
export const password = z.string().min(8, 'Use at least 8 characters').max(128, 'Use at most 128 characters');
export const displayName = z.string().trim().min(1, 'Enter a name').max(80);

export const registerBody = z.strictObject({
  email,
  password,
  displayName,
  locale: z.enum(localeCodes).optional(),
});
export type RegisterBody = z.infer<typeof registerBody>;

export const loginBody = z.strictObject({ email, password: z.string().min(1).max(128) });
export type LoginBody = z.infer<typeof loginBody>;

/** The password the signed-in person types again before acts a stolen session must not do alone. */
export const currentPassword = z.string().min(1, 'Enter your current password').max(128);
export const changePasswordBody = z.strictObject({ currentPassword, newPassword: password });
/** `DELETE /api/me` and `POST /api/me/sessions/end-others`. */
export const reauthenticateBody = z.strictObject({ currentPassword });
export type ReauthenticateBody = z.infer<typeof reauthenticateBody>;
/** "Forgot password": the answer is the same whether or not an account has the address. */
export const passwordResetBody = z.strictObject({ email });
/** The token of a reset or verification link: 160 random bits in lower-case base32. */
export const accountToken = z
  .string()
  .trim()
  .regex(/^[a-z2-7]{32}$/, 'This link is not complete');
export const passwordResetConfirmBody = z.strictObject({ token: accountToken, password });
export const verifyEmailConfirmBody = z.strictObject({ token: accountToken });
export const endOtherSessionsResponse = z.object({ ended: z.number().int() });

export const user = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  locale: z.enum(localeCodes),
  postcode: z.string().nullable(),
  place: z.string().nullable(),
  languages: z.array(z.string()),
  skills: z.array(z.string()),
  mayDoPaidWork: z.enum(paidWorkAnswers),
  vogVerified: z.boolean(),
  isAdmin: z.boolean(),
  /** Opted in to count as a newcomer in statistics (nothing else about status is stored). */
  countAsNewcomer: z.boolean(),
  /** The person proved the address (a verification or reset link): only then does it get mail beyond the verification one. */
  emailVerified: z.boolean(),
  /**
   * "Others may find me" (off by default): with skills, postcode and languages filled in, the person
   * is suggested for fitting needs (display name, PC4 place, skills — never e-mail or full postcode)
   * and can be invited directly; and neighbours find them by display name and place to send or ask
   * time credits.
   */
  findable: z.boolean(),
  createdAt: isoDateTime,
});
export type User = z.infer<typeof user>;

export const membership = z.object({
  organizationId: z.string(),
  organizationName: z.string(),
  role: z.enum(memberRoles),
});

export const meResponse = z.object({ user, memberships: z.array(membership) });
export type MeResponse = z.infer<typeof meResponse>;
export const userResponse = z.object({ user });

export const updateMeBody = z.strictObject({
  displayName: displayName.optional(),
  locale: z.enum(localeCodes).optional(),
  postcode: postcode.nullable().optional(),
  languages: z.array(languageCode).max(20).optional(),
  skills: z.array(skill).max(30).optional(),
  mayDoPaidWork: z.enum(paidWorkAnswers).optional(),
  countAsNewcomer: z.boolean().optional(),
  /** "Others may find me": organisations for fitting needs, neighbours by name and place for time credits. */
  findable: z.boolean().optional(),
});
export type UpdateMeBody = z.infer<typeof updateMeBody>;

export const sessionInfo = z.object({
  id: z.string(),
  createdAt: isoDateTime,
  lastUsedAt: isoDateTime,
  current: z.boolean(),
});
export const sessionsResponse = z.object({ items: z.array(sessionInfo) });

/** Finding a person who switched on "others may find me" (`GET /api/people`). */
export const peopleQuery = z.object({
  q: z.string().trim().min(2, 'Type at least 2 characters').max(100),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type PeopleQuery = z.infer<typeof peopleQuery>;
/** A findable person as a search shows them: name and PC4 place, nothing else. */
export const person = z.object({ id: z.string(), displayName: z.string(), place: z.string().nullable() });
export type Person = z.infer<typeof person>;
export const peopleResponse = z.object({ items: z.array(person) });
