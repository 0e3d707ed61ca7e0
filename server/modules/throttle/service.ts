import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { FAILURE_WINDOW_MS, signInWait, waitFor, type FailureCount } from './policy.ts';
import * as repo from './repository.ts';
import type { AuthFailureRow } from './tables.ts';

/** An attempt counted as a failure in advance; `succeeded()` takes that back. */
export interface ClaimedAttempt {
  succeeded(): Promise<void>;
}

/** Keys hold a digest, not the e-mail or address itself: counters are no personal record. */
export const opaqueKey = (scope: string, value: string): string =>
  `${scope}|${createHash('sha256').update(value).digest('base64url')}`;

const countOf = (row: AuthFailureRow | undefined): FailureCount | undefined =>
  row ? { failures: row.failures, lastFailureAt: new Date(row.last_failure_at) } : undefined;

function tooSoon(waitMs: number, message: string): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new AppError(429, 'too_many_requests', `${message} Try again in ${retryAfterSeconds} s.`, undefined, {
    retryAfterSeconds,
  });
}

/**
 * Checks the counters of `keys` with `decide` and, when no wait is due, counts the attempt as a
 * failure on all of them before the password is checked — so a burst of parallel guesses is
 * counted as it arrives, not after argon2 has answered each. Refused attempts are not counted:
 * waiting never gets longer by asking.
 */
async function claim(
  ctx: AppContext,
  keys: string[],
  decide: (rows: Map<string, AuthFailureRow>, now: Date) => number,
  message: string,
): Promise<ClaimedAttempt> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const expiresAt = new Date(now.getTime() + FAILURE_WINDOW_MS).toISOString();
  const waitMs = await ctx.db.transaction().execute(async (trx) => {
    const rows = await repo.lockFailures(trx, ctx.dialect, keys, nowIso);
    const wait = decide(rows, now);
    if (wait > 0) return wait;
    for (const key of keys) await repo.addFailure(trx, key, nowIso, expiresAt);
    return 0;
  });
  if (waitMs > 0) {
    ctx.log.info({ keys: keys.map((k) => k.split('|')[0]), waitMs }, 'attempt refused: wait after failures');
    throw tooSoon(waitMs, message);
  }
  return {
    succeeded: async () => {
      for (const key of keys) await repo.removeFailure(ctx.db, key);
    },
  };
}

/**
 * A sign-in attempt for `email` from `address`, counted per account and per address (the same for
 * an unknown account as for a known one, so the answer tells nothing). See policy.signInWait.
 */
export function claimSignIn(ctx: AppContext, email: string, address: string): Promise<ClaimedAttempt> {
  const accountKey = opaqueKey('signin-account', email.trim().toLowerCase());
  const addressKey = opaqueKey('signin-address', address);
  return claim(
    ctx,
    [accountKey, addressKey],
    (rows, now) => signInWait({ account: countOf(rows.get(accountKey)), address: countOf(rows.get(addressKey)) }, now),
    'Too many failed attempts.',
  );
}

/**
 * Re-entering the current password (password change, erasure, signing out everywhere): its own
 * counter per account, so a stolen session cookie cannot be used to guess the password quickly.
 */
export function claimReauthentication(ctx: AppContext, userId: string): Promise<ClaimedAttempt> {
  const key = opaqueKey('reauth', userId);
  return claim(ctx, [key], (rows, now) => waitFor(countOf(rows.get(key)), now), 'Too many wrong passwords.');
}

/** Deletes rate-limit windows and failure counters past their window. */
export async function sweepExpired(ctx: AppContext): Promise<number> {
  return repo.deleteExpired(ctx.db, ctx.clock.now().toISOString());
}
