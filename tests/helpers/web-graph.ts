import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * The web app's module graph as its sources say it (TypeScript's parser; a .svelte file's
 * `<script>` blocks): which modules a module imports at once, which it fetches later with
 * `import()`, and which message namespaces it names. Type-only imports are left out: they cost
 * nothing in the browser.
 */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const localesRoot = join(repoRoot, 'web/src/locales/nl');

/** The message namespaces: one file each under web/src/locales/<lang>/. */
export const namespaces: readonly string[] = readdirSync(localesRoot)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

interface ModuleInfo {
  /** Modules and packages imported statically (evaluated with this one). */
  readonly imports: string[];
  /** Modules fetched later (`import('…')`). */
  readonly dynamicImports: string[];
  /** Namespaces of the message keys the module names (`'listings.kind'`, `` `errors.${code}` ``). */
  readonly namespaces: Set<string>;
}

const cache = new Map<string, ModuleInfo>();

function scriptOf(file: string, text: string): string {
  if (!file.endsWith('.svelte')) return text;
  return [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1] ?? '').join('\n');
}

function resolveSpecifier(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return `package:${specifier}`;
  const path = resolve(dirname(from), specifier);
  return existsSync(path) ? path : `missing:${path}`;
}

/** A key, or the start of a template that makes one: `'listings.kind'`, `` `errors.${code}` ``. */
const keyPattern = /['"`]([a-zA-Z]+)\.[\w$]/g;

export function moduleInfo(file: string): ModuleInfo {
  const known = cache.get(file);
  if (known) return known;
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, scriptOf(file, text), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const imports: string[] = [];
  const dynamicImports: string[] = [];
  const named = new Set<string>();
  const name = (text: string) => {
    for (const m of text.matchAll(keyPattern)) if (namespaces.includes(m[1] ?? '')) named.add(m[1] ?? '');
  };
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node))
      name(`'${node.text}`);
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) imports.push(resolveSpecifier(file, node.moduleSpecifier.text));
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      !node.isTypeOnly
    ) {
      imports.push(resolveSpecifier(file, node.moduleSpecifier.text));
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) dynamicImports.push(resolveSpecifier(file, arg.text));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  // A .svelte file's markup names keys too, and may fetch a component: `{#await import('./Toasts.svelte') then …}`.
  if (file.endsWith('.svelte')) {
    const markup = text.replace(/<script[^>]*>[\s\S]*?<\/script>/g, '').replace(/<!--[\s\S]*?-->/g, '');
    name(markup);
    for (const m of markup.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g))
      dynamicImports.push(resolveSpecifier(file, m[1] ?? ''));
  }
  const info = { imports, dynamicImports, namespaces: named };
  cache.set(file, info);
  return info;
}

/**
 * Every module `entry` evaluates with it (static imports, transitively); with `dynamic`, also what
 * it fetches later and what that imports. `stopAt` modules are left out.
 */
export function reachable(entry: string, options: { dynamic?: boolean; stopAt?: readonly string[] } = {}): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file) || options.stopAt?.includes(file)) continue;
    seen.add(file);
    if (file.startsWith('package:') || file.startsWith('missing:') || !/\.(ts|svelte)$/.test(file)) continue;
    const info = moduleInfo(file);
    stack.push(...info.imports);
    if (options.dynamic) stack.push(...info.dynamicImports);
  }
  return seen;
}

/** The message namespaces the given modules name. */
export function namespacesOf(modules: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const m of modules)
    if (/\.(ts|svelte)$/.test(m) && !m.startsWith('package:')) for (const ns of moduleInfo(m).namespaces) out.add(ns);
  return out;
}

export const webFile = (path: string) => join(repoRoot, 'web/src', path);
export const fromRoot = (path: string) => relative(repoRoot, path);
