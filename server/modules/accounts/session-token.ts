import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeHex, encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/**
 * Session tokens per the Lucia guide (2025): `<id>.<secret>`, each part 160 bits of
 * crypto.getRandomValues in base32. Only SHA-256(secret) is stored, so a leaked table grants nothing.
 */
export function generateSecureRandomString(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashSecret(secret: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}

export function newSessionToken(): { id: string; secret: string; secretHash: string; token: string } {
  const id = generateSecureRandomString();
  const secret = generateSecureRandomString();
  return { id, secret, secretHash: hashSecret(secret), token: `${id}.${secret}` };
}

export function parseSessionToken(token: string): { id: string; secret: string } | null {
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [id, secret] = parts as [string, string];
  if (!/^[a-z2-7]{32}$/.test(id) || !/^[a-z2-7]{32}$/.test(secret)) return null;
  return { id, secret };
}

/** Constant-time comparison of the presented secret with the stored hash. */
export function secretMatches(secret: string, storedHashHex: string): boolean {
  const stored = decodeHex(storedHashHex);
  const presented = sha256(new TextEncoder().encode(secret));
  return stored.length === presented.length && constantTimeEqual(stored, presented);
}

export type SessionVerdict = 'valid' | 'renew' | 'expired';

/**
 * Sliding expiry with an absolute cap: a session dies after `inactivityMs` without use or
 * `maxAgeMs` after sign-in; it is renewed (last_verified_at written) at most every `renewAfterMs`.
 */
export function judgeSession(
  session: { createdAt: Date; lastVerifiedAt: Date },
  now: Date,
  policy: { inactivityMs: number; maxAgeMs: number; renewAfterMs: number },
): SessionVerdict {
  const t = now.getTime();
  if (t - session.lastVerifiedAt.getTime() >= policy.inactivityMs) return 'expired';
  if (t - session.createdAt.getTime() >= policy.maxAgeMs) return 'expired';
  if (t - session.lastVerifiedAt.getTime() >= policy.renewAfterMs) return 'renew';
  return 'valid';
}
