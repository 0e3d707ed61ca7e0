import { parse } from '@formatjs/icu-messageformat-parser';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { isSimpleMessage } from '../src/lib/i18n/catalogue.ts';

const catalogueFile = /\/web\/src\/locales\/[a-z]{2}\/[\w-]+\.json$/;
const noParser = fileURLToPath(import.meta.resolve('@formatjs/icu-messageformat-parser/no-parser.js'));

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function precompile(value: Json): Json {
  if (typeof value === 'string')
    return isSimpleMessage(value) ? value : (parse(value, { ignoreTag: true }) as unknown as Json);
  if (value && typeof value === 'object' && !Array.isArray(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, precompile(v)]));
  return value;
}

/**
 * Messages with plurals or selects are parsed here, at build time, into the AST intl-messageformat
 * formats directly; plain `{name}` messages stay text. The browser then gets intl-messageformat
 * without its ICU parser (aliased to the parser-less build), about 12 KB less to download.
 * Vitest (mode `test`) keeps the real parser: the unit tests read the catalogue files as written.
 */
export function precompileMessages(): Plugin {
  return {
    name: 'waardewerk-precompile-messages',
    enforce: 'pre',
    apply: (_config, env) => env.mode !== 'test',
    config: () => ({ resolve: { alias: [{ find: /^@formatjs\/icu-messageformat-parser$/, replacement: noParser }] } }),
    transform(code, id) {
      if (!catalogueFile.test(id.split('?')[0] ?? '')) return null;
      return { code: JSON.stringify(precompile(JSON.parse(code) as Json)), map: null };
    },
  };
}
