import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The common-password list of zxcvbn-ts (language-common: about 49,000 passwords from breach corpora,
 * ranked by frequency). The whole list is refused, not only its head: a password people pick often
 * enough to appear there is the first an attacker tries. Passwords are compared case-insensitively,
 * as the list is lower case. Built once at start (about 20 ms to decompress, a Set lookup per call).
 */
const commonPasswords: ReadonlySet<string> = new Set(dictionary['passwords-common']);

export const commonPasswordCount = commonPasswords.size;

export function isCommonPassword(password: string): boolean {
  return commonPasswords.has(password.toLowerCase());
}
