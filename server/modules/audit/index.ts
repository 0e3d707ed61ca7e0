/** The face of `audit`: every module records its admin and coordinator acts here, inside the act's transaction. */
export { recordAudit, requireReason, type AuditInput } from './record.ts';
