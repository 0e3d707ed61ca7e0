import { z } from 'zod';
import { domainCodes } from '../vocabulary.ts';
import { isoDateTime, postcode } from './common.ts';
import { compensationTypes, listingKinds } from './listings.ts';

/** The most saved searches one person keeps. */
export const MAX_SAVED_SEARCHES = 20;
/** Alerts look this far at most: a wider search is an "anywhere" search. */
export const MAX_ALERT_RADIUS_KM = 100;

/** "Tell me when…": the search page's filters that an alert keeps (empty lists: any). */
export const savedSearchBody = z
  .strictObject({
    kinds: z.array(z.enum(listingKinds)).max(listingKinds.length).default([]),
    domains: z.array(z.enum(domainCodes)).max(domainCodes.length).default([]),
    compensation: z.array(z.enum(compensationTypes)).max(compensationTypes.length).default([]),
    newcomerFriendly: z.boolean().default(false),
    /** With a postcode: needs within `radiusKm` (default 10) of it. Without: anywhere. */
    near: postcode.optional(),
    radiusKm: z.number().min(0.5).max(MAX_ALERT_RADIUS_KM).optional(),
  })
  .refine((b) => b.radiusKm === undefined || b.near !== undefined, {
    path: ['radiusKm'],
    message: 'Give a postcode in near as well',
  });
export type SavedSearchBody = z.infer<typeof savedSearchBody>;

export const savedSearch = z.object({
  id: z.string(),
  kinds: z.array(z.enum(listingKinds)),
  domains: z.array(z.enum(domainCodes)),
  compensation: z.array(z.enum(compensationTypes)),
  newcomerFriendly: z.boolean(),
  near: z.string().nullable(),
  radiusKm: z.number().nullable(),
  createdAt: isoDateTime,
});
export type SavedSearch = z.infer<typeof savedSearch>;
export const savedSearchResponse = z.object({ savedSearch });
export const savedSearchesResponse = z.object({ items: z.array(savedSearch) });
