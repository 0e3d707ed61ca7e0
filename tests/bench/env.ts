/** Numeric options of a benchmark from the environment (`NEEDS=5000 npm run bench:search`), each with its default. */
export function numbersFromEnv<Name extends string>(defaults: Record<Name, number>): Record<Name, number> {
  const entries = Object.entries<number>(defaults).map(([name, fallback]) => [
    name,
    Number(process.env[name] ?? fallback),
  ]);
  return Object.fromEntries(entries) as Record<Name, number>;
}
