/** The face of `postcodes`: the PC4 directory (app.ts loads one per app; a restore builds its own context). */
export { loadPostcodeDirectory, type PostcodeDirectory } from './directory.ts';
export { requirePlace } from './require-place.ts';
