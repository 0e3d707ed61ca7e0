import { z } from 'zod';
import { invalid } from './errors.ts';

/** Opaque keyset cursors: base64url JSON of the last item's sort key. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T extends z.ZodType>(cursor: string | undefined, schema: T): z.infer<T> | undefined {
  if (cursor === undefined) return undefined;
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw invalid('cursor', 'This cursor is not valid; start again from the first page');
  }
}

/** Cuts a `limit + 1` result to a page and makes the next cursor from its last item. */
export function toPage<Row, Item>(rows: Row[], limit: number, map: (row: Row) => Item, key: (row: Row) => unknown) {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(map), nextCursor: more && last !== undefined ? encodeCursor(key(last)) : null };
}
