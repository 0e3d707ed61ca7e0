/**
 * The Dutch postcode rule, without zod: `1234AB`, `1234 ab` or PC4 `1234`, normalised to
 * `1234AB` / `1234`. `schemas/common.ts` builds the `postcode` schema from these two, and the web
 * app's start page checks a typed postcode with `parsePostcode` before any schema is loaded.
 */
export const postcodePattern = /^[1-9]\d{3}(\s?[a-zA-Z]{2})?$/;

export function normalisePostcode(value: string): string {
  return value.replace(/\s/g, '').toUpperCase();
}

/** The normalised postcode, or null when `input` (trimmed) is not a Dutch postcode. */
export function parsePostcode(input: string): string | null {
  const value = input.trim();
  return postcodePattern.test(value) ? normalisePostcode(value) : null;
}
