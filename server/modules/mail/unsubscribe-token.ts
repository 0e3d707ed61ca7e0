/**
 * The unsubscribe link of a mail works without signing in: its token is a compact JWS by the platform's
 * key over `{ purpose: 'unsubscribe', sub: userId, kind }`, so nobody can make one for someone else, and
 * no table is needed. It does not expire: an old mail's link still stops that kind of mail.
 */
import { z } from 'zod';
import { mailKinds, type MailKind } from '../../../shared/schemas/mail.ts';
import type { AppContext } from '../../context.ts';
import { signCompact, verifyCompact } from '../signing/index.ts';

const claims = z.object({ purpose: z.literal('unsubscribe'), sub: z.string().min(1).max(64), kind: z.enum(mailKinds) });

export async function unsubscribeToken(ctx: AppContext, userId: string, kind: MailKind): Promise<string> {
  const payload = new TextEncoder().encode(JSON.stringify({ purpose: 'unsubscribe', sub: userId, kind }));
  return (await signCompact(ctx, payload, 'waardewerk-unsubscribe')).jws;
}

/** Who and which kind, when the platform signed this token for unsubscribing; else null. */
export async function readUnsubscribeToken(
  ctx: AppContext,
  token: string,
): Promise<{ userId: string; kind: MailKind } | null> {
  const payload = await verifyCompact(ctx, token);
  if (!payload) return null;
  try {
    const parsed = claims.safeParse(JSON.parse(new TextDecoder().decode(payload)));
    return parsed.success ? { userId: parsed.data.sub, kind: parsed.data.kind } : null;
  } catch {
    return null;
  }
}
