import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

const VIRTUAL = 'virtual:messages';
const START = `${VIRTUAL}/first-page-`;

/**
 * How the web app fetches its messages (`import { messageLoaders } from 'virtual:messages'`): one
 * loader per language and namespace (web/src/locales/<lang>/<namespace>.json), each namespace a
 * chunk of its own, fetched when a page that shows it opens. The namespaces the start page shows
 * before its first results (`start`: the shell's and its own, web/src/route-messages.ts) are one
 * chunk per language instead, so a phone on a slow network asks once, not nine times.
 */
export function messageChunks(options: { localesDir: string; start: readonly string[] }): Plugin {
  const start = new Set(options.start);
  const languages = () =>
    readdirSync(options.localesDir).filter((f) => statSync(join(options.localesDir, f)).isDirectory());
  const namespaces = (lang: string) =>
    readdirSync(join(options.localesDir, lang))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''));
  const file = (lang: string, namespace: string) => JSON.stringify(join(options.localesDir, lang, `${namespace}.json`));

  return {
    name: 'waardewerk-message-chunks',
    resolveId(id) {
      return id === VIRTUAL || id.startsWith(START) ? `\0${id}` : null;
    },
    load(id) {
      if (id === `\0${VIRTUAL}`) {
        const perLanguage = languages().map((lang) => {
          const loaders = namespaces(lang).map((ns) =>
            start.has(ns)
              ? `${JSON.stringify(ns)}: () => import(${JSON.stringify(`${START}${lang}`)}).then((m) => m.default[${JSON.stringify(ns)}])`
              : `${JSON.stringify(ns)}: () => import(${file(lang, ns)}).then((m) => m.default)`,
          );
          return `${JSON.stringify(lang)}: {\n    ${loaders.join(',\n    ')}\n  }`;
        });
        return `export const messageLoaders = {\n  ${perLanguage.join(',\n  ')}\n};\n`;
      }
      if (id.startsWith(`\0${START}`)) {
        const lang = id.slice(`\0${START}`.length);
        const here = namespaces(lang).filter((ns) => start.has(ns));
        const imports = here.map((ns, i) => `import m${i} from ${file(lang, ns)};`);
        return `${imports.join('\n')}\nexport default { ${here.map((ns, i) => `${JSON.stringify(ns)}: m${i}`).join(', ')} };\n`;
      }
      return null;
    },
  };
}
