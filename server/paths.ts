import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root folder (the one with package.json), found by walking up from this file, so
 * files outside the code (postcodes, locale catalogues, the built web app) are found the same way
 * from the TypeScript sources (tsx, tests) and from the compiled server (`dist/node/main.js`).
 */
function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the project: `fromRoot('dist', 'web')`. */
export const fromRoot = (...parts: string[]): string => join(projectRoot, ...parts);
