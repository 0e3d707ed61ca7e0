import { z } from 'zod';
import { errorCodes } from '../error-codes.ts';
import { normalisePostcode, postcodePattern } from '../postcode.ts';

export const id = z.string().min(1).max(64);

/** A Dutch postcode, `1234AB`, `1234 ab` or PC4 `1234`; normalised to `1234AB` / `1234`. */
export const postcode = z
  .string()
  .trim()
  .regex(postcodePattern, 'Enter a Dutch postcode such as 1012 AB or 1012')
  .transform(normalisePostcode);

/** ISO 639-1 language code. */
export const languageCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2}$/, 'Use a two-letter language code such as nl');
export const skill = z.string().trim().toLowerCase().min(1).max(40);

export const isoDateTime = z.iso.datetime({ offset: true });
export const isoDate = z.iso.date();

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const errorBody = z.object({
  error: z.object({
    code: z.enum(errorCodes),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBody>;

export const place = z.object({
  postcode: z.string(),
  place: z.string(),
  municipality: z.string(),
  province: z.string(),
  lat: z.number(),
  lng: z.number(),
});
export type Place = z.infer<typeof place>;
/** The answer of `GET /api/postcodes/:postcode`. */
export const placeResponse = z.object({ place });
