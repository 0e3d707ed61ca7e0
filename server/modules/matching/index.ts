/** The face of `matching` for other modules and app.ts: its subscription to new needs. */
export { announceNewNeeds } from './live.ts';
