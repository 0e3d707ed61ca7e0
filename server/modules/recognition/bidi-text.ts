/**
 * Right-to-left lines for the PDF: pdfkit lays out one run at a time and fontkit shapes it (and
 * reverses an Arabic run into visual order), but a line that mixes Arabic with digits or Latin
 * names needs the Unicode Bidirectional Algorithm to order its runs. This file splits a line into
 * runs of one embedding level and one script, in visual order (pure, no I/O).
 */
import bidiFactory from 'bidi-js';

const bidi = bidiFactory();

export type Script = 'arabic' | 'ethiopic' | 'latin';

export interface Run {
  text: string;
  /** Odd: right to left (fontkit reverses the glyphs of such a run itself). */
  level: number;
  script: Script;
}

const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
const ETHIOPIC = /[\u1200-\u139F\u2D80-\u2DDF\uAB00-\uAB2F]/;
/** The font a character needs; null for spaces and invisible controls, which join the run they are in. */
export const scriptOf = (ch: string): Script | null =>
  ARABIC.test(ch)
    ? 'arabic'
    : ETHIOPIC.test(ch)
      ? 'ethiopic'
      : /^[\s\u2066-\u2069\u200e\u200f]$/.test(ch)
        ? null
        : 'latin';

/** Left-to-right isolate: keeps a date or code in its own order inside Arabic text ("2026-03-02", not "02-03-2026"). */
export const isolateLtr = (text: string): string => `\u2066${text}\u2069`;

/**
 * A run as pieces to draw left to right: words (each shaped alone, so pdfkit never trims or joins
 * the spaces) and the spaces between them; an odd-level run lists its words right to left.
 */
export function runPieces(run: Run): { text: string; space: boolean }[] {
  const pieces = run.text
    .replace(/[\u2066-\u2069\u200e\u200f]/g, '')
    .split(/(\s+)/)
    .filter((p) => p !== '')
    .map((p) => ({ text: p, space: /^\s+$/.test(p) }));
  return run.level % 2 === 1 ? pieces.reverse() : pieces;
}

/** Whether a text reads right to left: its first strong character is Arabic (or Hebrew). */
export const isRtl = (text: string): boolean => {
  for (const ch of text) {
    const type = bidi.getBidiCharTypeName(ch);
    if (type === 'R' || type === 'AL') return true;
    if (type === 'L') return false;
  }
  return false;
};

/**
 * The runs of a line in visual order (left to right on the page). Each run keeps its characters in
 * logical order, mirrored where it runs right to left ("(" ↔ ")").
 * Example (base rtl): "ساعات 120" → [ "120" (level 2), " ساعات"… ] — digits left of the word.
 */
export function visualRuns(text: string, direction: 'ltr' | 'rtl'): Run[] {
  if (text === '') return [];
  const embedding = bidi.getEmbeddingLevels(text, direction);
  const mirrored = bidi.getMirroredCharactersMap(text, embedding.levels);
  // Split into runs of one level and one script; neutral characters join the run they are in.
  const building: { text: string; level: number; script: Script | null }[] = [];
  let index = 0;
  for (const ch of text) {
    const level = embedding.levels[index]!;
    const out = mirrored.get(index) ?? ch;
    const script = scriptOf(ch);
    const last = building[building.length - 1];
    if (last && last.level === level && (script === null || last.script === null || last.script === script)) {
      last.text += out;
      last.script ??= script;
    } else building.push({ text: out, level, script });
    index += ch.length;
  }
  const runs: Run[] = building.map((r) => ({
    text: r.text,
    level: r.level,
    script: r.script ?? (r.level % 2 === 1 ? 'arabic' : 'latin'),
  }));
  // Rule L2: from the highest level down to the lowest odd level, reverse every sequence of runs at that level or higher.
  const max = Math.max(...runs.map((r) => r.level));
  const minOdd = Math.min(...runs.map((r) => (r.level % 2 === 1 ? r.level : r.level + 1)));
  for (let level = max; level >= minOdd; level--) {
    for (let i = 0; i < runs.length;) {
      if (runs[i]!.level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < runs.length && runs[j]!.level >= level) j++;
      runs.splice(i, j - i, ...runs.slice(i, j).reverse());
      i = j;
    }
  }
  return runs;
}
