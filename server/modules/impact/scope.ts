/** Areas of the dashboard from the PC4 data: which rollup level and areas a scope reads. */
import { distanceKm } from '../../../shared/geo.ts';
import type { ImpactQuery } from '../../../shared/schemas/recognition.ts';
import { AppError } from '../../errors.ts';
import { requirePlace, type PostcodeDirectory } from '../postcodes/index.ts';
import { COUNTRY, type RollupLevel } from './rollup.ts';

interface Areas {
  provinces: Map<string, string>;
  municipalities: Map<string, string>;
  /** Every PC4 with its place, for radii. */
  places: { pc4: string; lat: number; lng: number; municipality: string; province: string }[];
}

const cache = new WeakMap<PostcodeDirectory, Areas>();

/** Names looked up case-insensitively; the answer uses the data's spelling. */
function areasOf(postcodes: PostcodeDirectory): Areas {
  let found = cache.get(postcodes);
  if (found) return found;
  found = { provinces: new Map(), municipalities: new Map(), places: [] };
  for (const pc4 of postcodes.addressCodes()) {
    const p = postcodes.lookup(pc4);
    if (!p) continue;
    found.places.push({ pc4, lat: p.lat, lng: p.lng, municipality: p.municipality, province: p.province });
    if (p.province) found.provinces.set(p.province.toLowerCase(), p.province);
    if (p.municipality) found.municipalities.set(p.municipality.toLowerCase(), p.municipality);
  }
  cache.set(postcodes, found);
  return found;
}

export interface ResolvedScope {
  type: ImpactQuery['scope'];
  level: RollupLevel;
  areas: string[];
  /** The scope's name as shown (province or municipality), else null. */
  name: string | null;
  postcode: string | null;
  radiusKm: number | null;
  /** Whether a place (PC4 with municipality and province) lies in the scope. */
  contains(place: { pc4: string; municipality: string; province: string }): boolean;
  pc4Count: number;
}

export function resolveScope(postcodes: PostcodeDirectory, q: ImpactQuery): ResolvedScope {
  const areas = areasOf(postcodes);
  if (q.scope === 'country') {
    return {
      type: 'country',
      level: 'country',
      areas: [COUNTRY],
      name: null,
      postcode: null,
      radiusKm: null,
      contains: () => true,
      pc4Count: areas.places.length,
    };
  }
  if (q.scope === 'province' || q.scope === 'municipality') {
    const names = q.scope === 'province' ? areas.provinces : areas.municipalities;
    const name = names.get((q.area ?? '').toLowerCase());
    if (!name)
      throw new AppError(404, 'not_found', `No ${q.scope} called ${q.area ?? ''} in the PC4 data`, {
        area: `Unknown ${q.scope}`,
      });
    const key = q.scope;
    return {
      type: q.scope,
      level: q.scope,
      areas: [name],
      name,
      postcode: null,
      radiusKm: null,
      contains: (p) => p[key] === name,
      pc4Count: areas.places.filter((p) => p[key] === name).length,
    };
  }
  const centreCode = q.postcode ?? q.near ?? '';
  const centre = requirePlace(postcodes, centreCode);
  const radiusKm = q.radiusKm ?? 0;
  const inside = new Set(areas.places.filter((p) => distanceKm(centre, p) <= radiusKm).map((p) => p.pc4));
  inside.add(centreCode.slice(0, 4));
  return {
    type: 'radius',
    level: 'pc4',
    areas: [...inside].sort(),
    name: null,
    postcode: centreCode.slice(0, 4),
    radiusKm,
    contains: (p) => inside.has(p.pc4),
    pc4Count: inside.size,
  };
}
