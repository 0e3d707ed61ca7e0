/**
 * `npm run bench`: every benchmark in turn, each in a process of its own (so one's memory and
 * caches do not flatter the next), all run even when one misses a target; exits non-zero when any
 * did. Each writes its own bench-results/<name>.json; this writes bench-results/all.json, the
 * list of runs with their exit codes and durations.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadNow, machine } from './results.ts';

const benches = ['search', 'post-need', 'matching', 'ledger', 'impact', 'load'] as const;
const runs: { name: string; exitCode: number | null; seconds: number; loadBefore: number; loadAfter: number }[] = [];
for (const name of benches) {
  const loadBefore = loadNow();
  const start = performance.now();
  console.log(`\n=== bench:${name} (load ${loadBefore}) ===`);
  const run = spawnSync('npm', ['run', '--silent', `bench:${name}`], { stdio: 'inherit' });
  runs.push({
    name,
    exitCode: run.status,
    seconds: Number(((performance.now() - start) / 1000).toFixed(1)),
    loadBefore,
    loadAfter: loadNow(),
  });
}
mkdirSync('bench-results', { recursive: true });
writeFileSync(
  join('bench-results', 'all.json'),
  `${JSON.stringify({ date: new Date().toISOString(), machine: machine(), runs }, null, 2)}\n`,
);
console.log('\nbench | exit | seconds | load before → after');
for (const r of runs)
  console.log(
    `${r.name.padEnd(9)} | ${String(r.exitCode).padStart(4)} | ${String(r.seconds).padStart(7)} | ${r.loadBefore} → ${r.loadAfter}`,
  );
if (runs.some((r) => r.exitCode !== 0)) process.exitCode = 1;
