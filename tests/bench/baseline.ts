/**
 * Recorded benchmark ratios (tests/bench/baselines.json) and the check every bench run makes:
 * a ratio more than 20 % below its recorded value fails the run. Ratios compare two figures of
 * the same run on the same machine (e.g. mixed-load req/s over /api/health req/s), so they hold
 * on a loaded, shared machine where absolute figures do not. `RECORD_BASELINE=1` stores the
 * measured ratios instead (after a change that is meant to move them; say so in the commit).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const file = fileURLToPath(new URL('./baselines.json', import.meta.url));
export const ALLOWED_DROP = 0.2;

type Baselines = Record<string, { ratio: number; recorded: string; note?: string }>;

function read(): Baselines {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Baselines) : {};
}

export interface BaselineVerdict {
  name: string;
  ratio: number;
  recorded: number | null;
  ok: boolean;
  message: string;
}

/** Compares `ratio` with the recorded one (or records it with RECORD_BASELINE=1). */
export function checkBaseline(name: string, ratio: number, note?: string): BaselineVerdict {
  const all = read();
  if (process.env.RECORD_BASELINE === '1') {
    all[name] = {
      ratio: Number(ratio.toFixed(4)),
      recorded: new Date().toISOString().slice(0, 10),
      ...(note ? { note } : {}),
    };
    writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
    return { name, ratio, recorded: ratio, ok: true, message: `${name}: recorded ratio ${ratio.toFixed(4)}` };
  }
  const recorded = all[name]?.ratio ?? null;
  if (recorded === null)
    return {
      name,
      ratio,
      recorded,
      ok: true,
      message: `${name}: ratio ${ratio.toFixed(4)}, none recorded yet (RECORD_BASELINE=1 records it)`,
    };
  const floor = recorded * (1 - ALLOWED_DROP);
  const ok = ratio >= floor;
  return {
    name,
    ratio,
    recorded,
    ok,
    message: `${name}: ratio ${ratio.toFixed(4)} vs recorded ${recorded.toFixed(4)} (fails below ${floor.toFixed(4)}): ${ok ? 'ok' : 'MORE THAN 20 % BELOW'}`,
  };
}
