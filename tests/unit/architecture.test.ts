/**
 * The module boundaries, checked on the source text (docs/ARCHITECTURE.md, "Module faces"):
 * - a module reaches another module only through its `index.ts`;
 * - a `routes.ts` never reaches storage: no repository, no kysely, no database code, and no file
 *   of its module that does (routes call services);
 * - a `service.ts` (and any file that calls its module's repository) never builds SQL itself.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const modulesDir = join(root, 'server/modules');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.(ts|js)$/.test(name) ? [path] : [];
  });
}

interface Import {
  specifier: string;
  typeOnly: boolean;
}

/** Block and line comments out, so a commented example never counts as code. */
const withoutComments = (source: string) =>
  source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

/** `import … from 'x'`, `export … from 'x'`, `import 'x'` and `import('x')`. */
export function importsOf(source: string): Import[] {
  const code = withoutComments(source);
  const found: Import[] = [];
  for (const m of code.matchAll(/\b(import|export)\s+(type\s+)?([^'"`;]*?)\s*from\s*['"]([^'"]+)['"]/g)) {
    found.push({ specifier: m[4] ?? '', typeOnly: m[2] !== undefined });
  }
  for (const m of code.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g))
    found.push({ specifier: m[1] ?? '', typeOnly: false });
  for (const m of code.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm))
    found.push({ specifier: m[1] ?? '', typeOnly: false });
  return found;
}

const buildsSql = (source: string): string | null => {
  const code = withoutComments(source);
  if (/import\s*\{[^}]*\bsql\b[^}]*\}\s*from\s*['"]kysely['"]/.test(code)) return "imports `sql` from 'kysely'";
  const call = /\.(selectFrom|insertInto|updateTable|deleteFrom)\s*\(/.exec(code);
  return call ? `calls .${call[1]}()` : null;
};

const moduleOf = (path: string): string | null => {
  const rel = relative(modulesDir, path);
  return rel.startsWith('..') ? null : (rel.split(sep)[0] ?? null);
};

const resolveImport = (from: string, specifier: string): string | null =>
  specifier.startsWith('.') ? resolve(dirname(from), specifier) : null;

const show = (path: string) => relative(root, path).split(sep).join('/');

export interface Source {
  path: string;
  text: string;
}

/** Every boundary broken in these sources, one readable line each. */
export function violations(sources: readonly Source[]): string[] {
  const byPath = new Map(sources.map((s) => [s.path, s]));
  const problems: string[] = [];

  // A module file is storage code when it builds SQL, imports kysely, the database or the raw driver
  // (beyond types), or imports (transitively, within its module) a file that does. Services are the
  // sanctioned way through: a route may call them.
  const storage = new Map<string, boolean>();
  const touchesStorage = (path: string, seen: Set<string> = new Set()): boolean => {
    const known = storage.get(path);
    if (known !== undefined) return known;
    if (/(^|[/\\])repository\.ts$/.test(path)) return true;
    if (seen.has(path)) return false;
    seen.add(path);
    const source = byPath.get(path);
    if (!source) return false;
    const own = moduleOf(path);
    const result =
      buildsSql(source.text) !== null ||
      importsOf(source.text).some((imp) => {
        if (imp.typeOnly) return false;
        if (imp.specifier === 'kysely' || imp.specifier === 'better-sqlite3' || imp.specifier === 'pg') return true;
        const target = resolveImport(path, imp.specifier);
        if (!target) return false;
        if (target.startsWith(join(root, 'server/db') + sep)) return true;
        return moduleOf(target) === own && !/(^|\/)service\.ts$/.test(target) && touchesStorage(target, seen);
      });
    storage.set(path, result);
    return result;
  };

  for (const source of sources) {
    const own = moduleOf(source.path);
    if (own === null) continue;
    const isRoutes = /(^|[/\\])routes\.ts$/.test(source.path);
    const imports = importsOf(source.text);
    const callsRepository = imports.some(
      (imp) => !imp.typeOnly && /(^|\/)repository\.ts$/.test(imp.specifier) && imp.specifier.startsWith('./'),
    );
    for (const imp of imports) {
      const target = resolveImport(source.path, imp.specifier);
      const targetModule = target ? moduleOf(target) : null;
      if (
        target &&
        targetModule !== null &&
        targetModule !== own &&
        target !== join(modulesDir, targetModule, 'index.ts')
      ) {
        problems.push(
          `${show(source.path)} imports ${imp.specifier}: another module is reached only through its index.ts`,
        );
      }
      if (!isRoutes) continue;
      if (imp.specifier === 'kysely' && !imp.typeOnly)
        problems.push(`${show(source.path)} imports kysely: routes never build queries`);
      if (!target) continue;
      if (/(^|[/\\])repository\.ts$/.test(target))
        problems.push(`${show(source.path)} imports ${imp.specifier}: routes call services, not repositories`);
      else if (target.startsWith(join(root, 'server/db') + sep) && !imp.typeOnly)
        problems.push(`${show(source.path)} imports ${imp.specifier}: routes never reach the database`);
      else if (
        !imp.typeOnly &&
        targetModule === own &&
        !/(^|[/\\])service\.ts$/.test(target) &&
        touchesStorage(target)
      ) {
        problems.push(
          `${show(source.path)} imports ${imp.specifier}, which reaches storage: routes go through the service`,
        );
      }
    }
    const isService = /(^|[/\\])service\.ts$/.test(source.path);
    if (isService || callsRepository) {
      const sqlUse = buildsSql(source.text);
      if (sqlUse && !/(^|[/\\])repository\.ts$/.test(source.path))
        problems.push(`${show(source.path)} ${sqlUse}: services call repositories`);
    }
  }
  return problems;
}

const sourcesOnDisk = (): Source[] =>
  filesUnder(modulesDir).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

describe('module boundaries', () => {
  it('hold in server/modules', () => {
    expect(violations(sourcesOnDisk())).toEqual([]);
  });

  it('every module that others use has an index.ts', () => {
    const modules = readdirSync(modulesDir).filter((m) => statSync(join(modulesDir, m)).isDirectory());
    const used = new Set(
      sourcesOnDisk().flatMap((s) =>
        importsOf(s.text).flatMap((imp) => {
          const target = resolveImport(s.path, imp.specifier);
          const m = target ? moduleOf(target) : null;
          return m !== null && m !== moduleOf(s.path) ? [m] : [];
        }),
      ),
    );
    for (const m of modules.filter((x) => used.has(x)))
      expect(statSync(join(modulesDir, m, 'index.ts')).isFile()).toBe(true);
  });

  // The checker itself, on made-up sources: each rule catches its breach.
  const at = (path: string, text: string): Source => ({ path: join(modulesDir, path), text });

  it('catches a reach into another module past its index', () => {
    expect(
      violations([
        at(
          'listings/service.ts',
          "import { x } from '../matching/live.ts';\nimport { y } from '../organizations/index.ts';",
        ),
      ]),
    ).toEqual([
      'server/modules/listings/service.ts imports ../matching/live.ts: another module is reached only through its index.ts',
    ]);
    expect(violations([at('listings/service.ts', "const m = await import('../ledger/repository.ts');")])).toHaveLength(
      1,
    );
    expect(
      violations([at('listings/service.ts', "export {\n  a,\n  b,\n} from '../ledger/service.ts';")]),
    ).toHaveLength(1);
  });

  it('catches a route reaching storage, directly or through a helper', () => {
    expect(violations([at('ledger/routes.ts', "import { readHead } from './repository.ts';")])).toHaveLength(1);
    expect(violations([at('ledger/routes.ts', "import { sql } from 'kysely';")])).toHaveLength(1);
    expect(violations([at('ledger/routes.ts', "import { createDb } from '../../db/create-db.ts';")])).toHaveLength(1);
    expect(
      violations([
        at('ledger/routes.ts', "import { verify } from './verify.ts';"),
        at('ledger/verify.ts', "import * as repo from './repository.ts';"),
      ]),
    ).toHaveLength(1);
    expect(
      violations([
        at(
          'ledger/routes.ts',
          "import type { Db } from '../../db/create-db.ts';\nimport * as service from './service.ts';\nimport { pure } from './rules.ts';",
        ),
        at('ledger/service.ts', "import * as repo from './repository.ts';"),
        at('ledger/rules.ts', 'export const pure = 1;'),
      ]),
    ).toEqual([]);
  });

  it('catches a service building SQL', () => {
    expect(
      violations([
        at('privacy/service.ts', "await trx.deleteFrom('memberships').where('user_id', '=', id).execute();"),
      ]),
    ).toHaveLength(1);
    expect(
      violations([
        at(
          'listings/search.ts',
          "import * as repo from './repository.ts';\nimport { sql, type RawBuilder } from 'kysely';",
        ),
      ]),
    ).toHaveLength(1);
    expect(
      violations([
        at('listings/service.ts', "// Never call db.selectFrom() here.\nimport * as repo from './repository.ts';"),
      ]),
    ).toEqual([]);
    expect(violations([at('listings/repository.ts', "db.selectFrom('needs')")])).toEqual([]);
  });
});
