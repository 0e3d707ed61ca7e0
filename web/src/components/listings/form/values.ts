/** A stored number as the text of an input (empty for none). */
export const numberText = (n: number | null | undefined): string => (n === null || n === undefined ? '' : String(n));

/** An input's text as a number for the schema to check (null when empty; NaN when not a number). */
export const countOf = (v: string): number | null => (v.trim() === '' ? null : Number(v.trim()));
