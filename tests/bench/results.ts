/**
 * What every benchmark leaves behind: `bench-results/<name>.json` with its figures, each target
 * met or missed, the machine, the load average before and after, and the date; and a non-zero
 * exit code when a target is missed. The machine is shared, so a figure without the load at the
 * time it was measured says little: the load is written next to every run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

export interface Target {
  /** What is measured, e.g. `search p95 (text)`. */
  figure: string;
  value: number;
  unit: string;
  /** `max`: the value must not exceed `limit`; `min`: it must reach it. */
  kind: 'max' | 'min';
  limit: number;
}

export const met = (t: Target): boolean => (t.kind === 'max' ? t.value <= t.limit : t.value >= t.limit);

/** The one-minute load average now, for the figures measured right after. */
export const loadNow = (): number => Number((loadavg()[0] ?? 0).toFixed(2));

export function machine() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGb: Number((totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

export class BenchResult {
  readonly #name: string;
  readonly #started = new Date();
  readonly #loadBefore = loadNow();
  readonly #figures: Record<string, unknown> = {};
  readonly #targets: (Target & { met: boolean; load: number })[] = [];

  constructor(name: string) {
    this.#name = name;
  }

  /** A figure that has no target (kept for comparison), with the load at the time. */
  figure(name: string, value: unknown): void {
    this.#figures[name] = value;
  }

  /** A figure with a target; printed as met or MISSED. */
  target(t: Target): boolean {
    const ok = met(t);
    this.#targets.push({ ...t, met: ok, load: loadNow() });
    const sign = t.kind === 'max' ? '≤' : '≥';
    console.log(
      `target ${t.figure} ${sign} ${t.limit} ${t.unit}: ${ok ? 'met' : 'MISSED'} (${Number(t.value.toFixed(3))} ${t.unit}, load ${loadNow()})`,
    );
    return ok;
  }

  get ok(): boolean {
    return this.#targets.every((t) => t.met);
  }

  /** Writes bench-results/<name>.json and sets a non-zero exit code when a target was missed (or `extraFailure`). */
  write(extraFailure = false): string {
    const dir = join(process.cwd(), 'bench-results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${this.#name}.json`);
    const body = {
      name: this.#name,
      started: this.#started.toISOString(),
      finished: new Date().toISOString(),
      machine: machine(),
      load: { before: this.#loadBefore, after: loadNow() },
      ok: this.ok && !extraFailure,
      targets: this.#targets,
      figures: this.#figures,
    };
    writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
    console.log(`results: ${file}`);
    if (!body.ok) process.exitCode = 1;
    return file;
  }
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
