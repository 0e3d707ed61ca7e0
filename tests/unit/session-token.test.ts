import { describe, expect, it } from 'vitest';
import {
  hashSecret,
  judgeSession,
  newSessionToken,
  parseSessionToken,
  secretMatches,
} from '../../server/modules/accounts/session-token.ts';

const policy = { inactivityMs: 30 * 86_400_000, maxAgeMs: 180 * 86_400_000, renewAfterMs: 3_600_000 };
const at = (iso: string) => new Date(iso);

describe('session tokens (Lucia design)', () => {
  it('makes id.secret tokens with 160 random bits per part and stores only the hash', () => {
    const t = newSessionToken();
    expect(t.token).toBe(`${t.id}.${t.secret}`);
    expect(t.id).toMatch(/^[a-z2-7]{32}$/);
    expect(t.secretHash).toBe(hashSecret(t.secret));
    expect(t.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(newSessionToken().token).not.toBe(t.token);
  });

  it('parses only well-formed tokens', () => {
    const t = newSessionToken();
    expect(parseSessionToken(t.token)).toEqual({ id: t.id, secret: t.secret });
    for (const bad of ['', 'abc', `${t.id}.${t.secret}.x`, `${t.id}.`, `${t.id.toUpperCase()}.${t.secret}`]) {
      expect(parseSessionToken(bad)).toBeNull();
    }
  });

  it('matches the right secret only', () => {
    const t = newSessionToken();
    expect(secretMatches(t.secret, t.secretHash)).toBe(true);
    expect(secretMatches(newSessionToken().secret, t.secretHash)).toBe(false);
  });

  it('renews after an hour, expires after inactivity and at the absolute age', () => {
    const created = at('2026-01-01T00:00:00Z');
    const s = { createdAt: created, lastVerifiedAt: created };
    expect(judgeSession(s, at('2026-01-01T00:59:00Z'), policy)).toBe('valid');
    expect(judgeSession(s, at('2026-01-01T01:00:00Z'), policy)).toBe('renew');
    expect(judgeSession(s, at('2026-01-31T00:00:00Z'), policy)).toBe('expired');
    const active = { createdAt: created, lastVerifiedAt: at('2026-06-29T00:00:00Z') };
    expect(judgeSession(active, at('2026-06-30T00:30:00Z'), policy)).toBe('expired');
    expect(judgeSession(active, at('2026-06-29T23:59:00Z'), policy)).not.toBe('expired');
  });
});
