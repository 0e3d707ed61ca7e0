/**
 * How long to wait before reconnecting after `attempt` failed tries (0 = the first retry): doubling
 * from 1 s up to 30 s, with "full jitter" so that thousands of clients dropped by one restart do not
 * all come back in the same instant. Pure: `random` is Math.random in the app, fixed in tests.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
  return Math.round(500 + random() * (ceiling - 500));
}

/** Close codes after which reconnecting cannot help: the person signed out (or was signed out). */
export function shouldReconnect(code: number): boolean {
  return code !== 4401;
}
