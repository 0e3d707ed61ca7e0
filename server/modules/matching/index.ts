/** The face of `matching` for other modules and app.ts: its subscription to new needs, and its offer index (started by app.ts). */
export { announceNewNeeds } from './live.ts';
export { matchingIndexOf, startMatchingIndex } from './matching-index.ts';
