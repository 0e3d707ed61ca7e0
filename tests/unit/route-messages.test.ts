import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { routeMessages, shellMessages, signedInMessages } from '../../web/src/route-messages.ts';
import { fromRoot, namespaces, namespacesOf, reachable, webFile } from '../helpers/web-graph.ts';

/**
 * Issue 13: the start page's JavaScript within 60 KB. Messages come per namespace, with the page
 * that shows them (web/src/route-messages.ts), and zod stays off the start page's path; these
 * tests read the sources so that a page naming a namespace it does not declare, or a module on the
 * start path importing zod, fails here rather than as a blank word or a bigger download.
 */
const routesFile = webFile('routes.ts');

/** `route('/path', Page | lazy(() => import('./pages/Page.svelte')), 'ns.title', …)` → path, page file, title. */
function routeTable(): { path: string; page: string; title: string }[] {
  const source = ts.createSourceFile(routesFile, readFileSync(routesFile, 'utf8'), ts.ScriptTarget.Latest, true);
  const imported = new Map<string, string>();
  const out: { path: string; page: string; title: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && node.importClause?.name && ts.isStringLiteral(node.moduleSpecifier)) {
      imported.set(node.importClause.name.text, resolve(dirname(routesFile), node.moduleSpecifier.text));
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'route') {
      const [path, page, title] = node.arguments;
      if (path && ts.isStringLiteral(path) && page && title && ts.isStringLiteral(title)) {
        const lazyImport = /import\('([^']+)'\)/.exec(page.getText());
        const file = lazyImport ? resolve(dirname(routesFile), lazyImport[1] ?? '') : imported.get(page.getText());
        if (file) out.push({ path: path.text, page: file, title: title.text });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const table = routeTable();
const startPath = webFile('main.ts');

describe('messages per page', () => {
  it('reads every route of routes.ts, the start page among them', () => {
    expect(table.length).toBeGreaterThan(40);
    expect(table.find((r) => r.path === '/')?.page).toBe(webFile('pages/SearchPage.svelte'));
  });

  it('declares the messages of every route, and only of routes that exist, naming namespaces that exist', () => {
    expect(Object.keys(routeMessages).sort()).toEqual(table.map((r) => r.path).sort());
    for (const [path, list] of Object.entries(routeMessages)) {
      expect(
        list.filter((ns) => !namespaces.includes(ns)),
        path,
      ).toEqual([]);
    }
    expect(shellMessages.filter((ns) => !namespaces.includes(ns))).toEqual([]);
  });

  it("loads the namespaces the shell's modules name before the app mounts", () => {
    const shell = reachable(startPath, { stopAt: [routesFile] });
    expect([...namespacesOf(shell)].filter((ns) => !(shellMessages as readonly string[]).includes(ns))).toEqual([]);
  });

  it('brings with every page the namespaces its code names (the start page: what a visitor sees)', () => {
    const missing: string[] = [];
    for (const { path, page } of table) {
      // The start page's sections for signed-in people are fetched later and fetch their own messages.
      const needed = namespacesOf(reachable(page, { dynamic: path !== '/' }));
      const declared = new Set([...shellMessages, ...(routeMessages[path as keyof typeof routeMessages] ?? [])]);
      for (const ns of needed) if (!declared.has(ns)) missing.push(`${path} (${fromRoot(page)}): ${ns}`);
    }
    expect(missing).toEqual([]);
  });

  it("brings the namespaces of what signed-in people see besides the page (the bell, toasts, the start page's sections) once they are known", () => {
    const later = new Set([
      ...namespacesOf(reachable(startPath, { dynamic: true, stopAt: [routesFile] })),
      ...namespacesOf(reachable(webFile('pages/SearchPage.svelte'), { dynamic: true })),
    ]);
    const declared = new Set<string>([...shellMessages, ...(routeMessages['/'] ?? []), ...signedInMessages]);
    expect([...later].filter((ns) => !declared.has(ns))).toEqual([]);
    expect(signedInMessages.filter((ns) => !namespaces.includes(ns))).toEqual([]);
  });

  it('fetches no namespace for the start page that a visitor does not see', () => {
    const shown = namespacesOf(reachable(webFile('pages/SearchPage.svelte')));
    const title = table.find((r) => r.path === '/')?.title.split('.')[0] ?? '';
    expect((routeMessages['/'] ?? []).filter((ns) => !shown.has(ns) && ns !== title)).toEqual([]);
  });
});

describe('the start page without zod', () => {
  it('imports neither zod nor a module of shared/schemas at once (they come with the first form or page that parses)', () => {
    const onStart = [...reachable(startPath)].map(fromRoot);
    expect(onStart).toContain('web/src/pages/SearchPage.svelte');
    expect(onStart.filter((m) => /^package:zod\b|shared\/schemas\/|zod-config/.test(m))).toEqual([]);
  });
});
