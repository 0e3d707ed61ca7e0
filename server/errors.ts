import type { ErrorCode } from '../shared/error-codes.ts';

/** A refusal the client can act on: mapped to HTTP in one place (plugins/errors.ts). */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
    /** Extra machine-readable facts, e.g. the available amount when over a floor. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') => new AppError(403, 'forbidden', message);
export const notSignedIn = () => new AppError(401, 'not_signed_in', 'Sign in first');
export const invalid = (field: string, message: string) =>
  new AppError(400, 'invalid_input', message, { [field]: message });
export const conflict = (message: string, code: ErrorCode = 'conflict') => new AppError(409, code, message);
export const ruleRefused = (
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
  fields?: Record<string, string>,
) => new AppError(422, code, message, fields, details);
