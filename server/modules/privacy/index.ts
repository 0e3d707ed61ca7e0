/**
 * The face of `privacy`: erasure (a restore replays the erasure log through it) and the log itself,
 * written inside each erasure's transaction and read back after a restore.
 */
export { readErasureLog, type ErasureLogEntry } from './erasure-log.ts';
export { eraseAccount } from './service.ts';
