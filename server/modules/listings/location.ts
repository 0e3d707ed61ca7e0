import type { Box } from './repository.ts';

/**
 * A latitude strip of 0.05° (about 5.6 km): the first column of the location index. A box then
 * reads as a few (strip, longitude range) index ranges instead of one latitude band across the
 * whole country, so the prefilter touches about the box's own area. Pure functions, no I/O.
 */
export const STRIP_DEGREES = 0.05;

/** latStrip(52.37) === 1047 */
export const latStrip = (lat: number): number => Math.floor(lat / STRIP_DEGREES);

/** Every strip the box overlaps, south to north. */
export function stripsCovering(box: Box): number[] {
  const strips: number[] = [];
  for (let s = latStrip(box.minLat); s <= latStrip(box.maxLat); s++) strips.push(s);
  return strips;
}
