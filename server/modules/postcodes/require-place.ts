import type { Place } from '../../../shared/schemas/common.ts';
import { AppError } from '../../errors.ts';
import type { PostcodeDirectory } from './directory.ts';

/** The place of a postcode someone gave, or 400 `unknown_postcode` on `field` when there is no such postcode. */
export function requirePlace(postcodes: PostcodeDirectory, postcode: string, field = 'postcode'): Place {
  const place = postcodes.lookup(postcode);
  if (!place)
    throw new AppError(400, 'unknown_postcode', `Postcode ${postcode} does not exist`, { [field]: 'Unknown postcode' });
  return place;
}
