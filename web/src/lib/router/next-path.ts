/** The `?next=` target after signing in: only a path on this site, never another host. */
export function safeNextPath(next: string | null, fallback: string): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

/**
 * A link to sign in that brings the person back to `from` afterwards: the page they were on, with
 * its query. Start, and the sign-in pages themselves, need no `next` (Start is where signing in
 * lands anyway).
 */
export function signInReturning(from: string): string {
  if (from === '/' || from.startsWith('/?') || from.startsWith('/login') || from.startsWith('/register'))
    return '/login';
  return `/login?next=${encodeURIComponent(from)}`;
}
