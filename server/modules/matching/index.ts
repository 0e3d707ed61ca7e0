/** The face of `matching` for other modules. */
export { announceNewNeed } from './live.ts';
