import { describe, expect, it } from 'vitest';
import { commonPasswordCount, isCommonPassword } from '../../server/modules/accounts/common-passwords.ts';

describe('common passwords', () => {
  it('holds far more than the 3,000 most common passwords', () => {
    expect(commonPasswordCount).toBeGreaterThan(40_000);
  });

  it('refuses the most common ones, in any case', () => {
    for (const p of ['password', 'password1', 'PassWord1', 'qwertyuiop', '12345678', 'iloveyou']) {
      expect(isCommonPassword(p), p).toBe(true);
    }
  });

  it('refuses passwords from the long tail of the list, not only its head', () => {
    // Ranked around 40,000 in the list: outside any "top 3,000".
    expect(isCommonPassword('knitting')).toBe(true);
    expect(isCommonPassword('navigation')).toBe(true);
  });

  it('accepts passwords that are not on the list', () => {
    for (const p of ['a long enough passphrase', 'waardewerk-demo', 'correct horse battery staple zebra']) {
      expect(isCommonPassword(p), p).toBe(false);
    }
  });
});
