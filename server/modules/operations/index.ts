/**
 * The face of `operations` for the process around the app: main.ts refuses an unverified restore,
 * the backup and restore scripts run the two procedures (docs/OPERATIONS.md).
 */
export { backupDatabase } from './backup.ts';
export { restoreBackup } from './restore.ts';
export { assertRestoreVerified } from './service.ts';
