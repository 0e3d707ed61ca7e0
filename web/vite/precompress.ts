import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';

/** Files worth compressing: text, at least this big (smaller ones gain nothing over the headers). */
const compressible = /\.(js|css|html|svg|json|webmanifest|txt)$/;
const MIN_BYTES = 512;
/** The most JavaScript the start page may need before it can show anything, compressed (issue 13). */
export const INITIAL_JS_BUDGET_BYTES = 60 * 1024;

interface ChunkInfo {
  fileName: string;
  isEntry: boolean;
  imports: string[];
  /** The chunk's own module (`\0virtual:messages/first-page-nl` for a language's first-page messages). */
  facadeModuleId?: string | null;
}

/** The chunks of the start page's messages, per language (web/vite/message-chunks.ts): fetched before its first results too. */
export function firstPageMessages(chunks: readonly ChunkInfo[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of chunks) {
    const lang = /virtual:messages\/first-page-([a-z]{2})$/.exec(c.facadeModuleId ?? '')?.[1];
    if (lang) out.set(lang, c.fileName);
  }
  return out;
}

/** The entry chunk and every chunk it imports statically: what the browser must load first. */
export function initialChunks(chunks: readonly ChunkInfo[]): string[] {
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const i of byName.get(name)?.imports ?? []) visit(i);
  };
  for (const c of chunks) if (c.isEntry) visit(c.fileName);
  return [...seen];
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/**
 * Writes `.br` (quality 11) and `.gz` (level 9) beside every text file of the build, so the server
 * sends them as they are (no compression per request), and prints each chunk's size and the start
 * page's initial JavaScript against its budget.
 */
export function precompress(): Plugin {
  let outDir = '';
  let logger: ResolvedConfig['logger'] | undefined;
  let chunks: ChunkInfo[] = [];
  return {
    name: 'waardewerk-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      logger = config.logger;
    },
    generateBundle(_options, bundle) {
      chunks = Object.values(bundle).flatMap((o) =>
        o.type === 'chunk'
          ? [{ fileName: o.fileName, isEntry: o.isEntry, imports: o.imports, facadeModuleId: o.facadeModuleId }]
          : [],
      );
    },
    writeBundle(_options, bundle) {
      const sizes = new Map<string, { raw: number; gz: number; br: number }>();
      for (const fileName of [...Object.keys(bundle), 'index.html']) {
        if (!compressible.test(fileName) || sizes.has(fileName)) continue;
        const path = join(outDir, fileName);
        const content = readFileSync(path);
        const gz = gzipSync(content, { level: 9 });
        const br = brotliCompressSync(content, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length },
        });
        sizes.set(fileName, { raw: content.length, gz: gz.length, br: br.length });
        if (content.length < MIN_BYTES) continue;
        writeFileSync(`${path}.gz`, gz);
        writeFileSync(`${path}.br`, br);
      }
      const rows = [...sizes].filter(([f]) => f.endsWith('.js')).sort((a, b) => b[1].br - a[1].br);
      const lines = rows.map(
        ([f, s]) =>
          `  ${f.padEnd(48)} ${kb(s.raw).padStart(9)}  gzip ${kb(s.gz).padStart(8)}  brotli ${kb(s.br).padStart(8)}`,
      );
      const initial = initialChunks(chunks);
      const total = initial.reduce(
        (sum, f) => ({ gz: sum.gz + (sizes.get(f)?.gz ?? 0), br: sum.br + (sizes.get(f)?.br ?? 0) }),
        { gz: 0, br: 0 },
      );
      // Before its first results the start page also fetches its messages in the person's language.
      const perLanguage = [...firstPageMessages(chunks)].map(([lang, f]) => ({
        lang,
        gz: total.gz + (sizes.get(f)?.gz ?? 0),
        br: total.br + (sizes.get(f)?.br ?? 0),
      }));
      const heaviest = perLanguage.reduce((a, b) => (b.br > a.br ? b : a), { lang: '-', ...total });
      const verdict = heaviest.br <= INITIAL_JS_BUDGET_BYTES ? 'within' : 'OVER';
      logger?.info(
        [
          'JavaScript chunks (largest first):',
          ...lines,
          `Start page initial JavaScript (${initial.length} chunks): gzip ${kb(total.gz)}, brotli ${kb(total.br)}`,
          `  with its messages (brotli): ${perLanguage.map((l) => `${l.lang} ${kb(l.br)}`).join(', ')}`,
          `  heaviest (${heaviest.lang}): gzip ${kb(heaviest.gz)}, brotli ${kb(heaviest.br)} — ${verdict} the ${kb(INITIAL_JS_BUDGET_BYTES)} budget`,
        ].join('\n'),
      );
    },
  };
}
