/** Stable error codes of the API. The web app translates them; clients may branch on them. */
export const errorCodes = [
  'invalid_input',
  'invalid_json',
  'unsupported_media_type',
  'payload_too_large',
  'not_signed_in',
  'invalid_credentials',
  'email_taken',
  'password_too_common',
  'forbidden',
  'csrf_origin',
  'not_found',
  'conflict',
  'idempotency_conflict',
  'rule_refused',
  'over_floor',
  'invalid_transition',
  'allowance_limit',
  'below_minimum_wage',
  'unknown_postcode',
  'too_many_requests',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];
