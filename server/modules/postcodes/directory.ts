import { readFileSync } from 'node:fs';
import { fromRoot } from '../../paths.ts';
import type { Place } from '../../../shared/schemas/common.ts';

/** Every Dutch PC4 area with place and centroid (data: server/data/nl-pc4, MIT, Bob den Otter). */
export interface PostcodeDirectory {
  /** `1012AB` or `1012` → the PC4 area's place, or undefined when no such postcode exists. */
  lookup(postcode: string): Place | undefined;
  readonly size: number;
  /** All PC4 codes that people can live or meet at (no PO-box-only codes): for demo data and benchmarks. */
  addressCodes(): string[];
}

/** Splits one CSV line, honouring double quotes (fields may contain commas). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export function parsePostcodeCsv(csv: string): PostcodeDirectory {
  const byCode = new Map<string, Place>();
  const addressCodes: string[] = [];
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  for (const line of lines.slice(1)) {
    const [, code, place, , municipality, province, , lat, lng, kind] = splitCsvLine(line);
    if (!code || !place || !lat || !lng) continue;
    byCode.set(code, {
      postcode: code,
      place,
      municipality: municipality ?? '',
      province: province ?? '',
      lat: Number(lat),
      lng: Number(lng),
    });
    if (kind !== 'Postbus' && kind !== 'Onbekend') addressCodes.push(code);
  }
  return {
    lookup: (postcode) => byCode.get(postcode.replace(/\s/g, '').slice(0, 4)),
    size: byCode.size,
    addressCodes: () => [...addressCodes],
  };
}

let cached: PostcodeDirectory | undefined;

/** Reads the bundled file once per process; it is immutable reference data. */
export function loadPostcodeDirectory(): PostcodeDirectory {
  cached ??= parsePostcodeCsv(readFileSync(fromRoot('server', 'data', 'nl-pc4', '4pp.csv'), 'utf8'));
  return cached;
}
