/** Names of the `:params` in a path pattern: `/organizations/:id` → `'id'`. */
export type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;
export type Params<P extends string> = { [K in ParamNames<P>]: string };

/** Matches `/organizations/abc` against `/organizations/:id` → `{ id: 'abc' }`, or null. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = pathname.replace(/\/+$/, '').split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith(':')) {
      let value: string;
      try {
        value = decodeURIComponent(g);
      } catch {
        return null; // a malformed escape is no match, not a crash
      }
      params[w.slice(1)] = value;
    } else if (w !== g) return null;
  }
  return params;
}

/** Builds a path from a pattern: `pathTo('/organizations/:id', { id: 'a b' })` → `/organizations/a%20b`. */
export function pathTo<P extends string>(pattern: P, ...args: ParamNames<P> extends never ? [] : [Params<P>]): string {
  const params = (args[0] ?? {}) as Record<string, string>;
  return pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

/** True when a link's href should be handled by the single-page router rather than the browser. */
export function isInternalHref(href: string, origin: string): boolean {
  let url: URL;
  try {
    url = new URL(href, origin);
  } catch {
    return false;
  }
  return url.origin === origin && !url.pathname.startsWith('/api/');
}
