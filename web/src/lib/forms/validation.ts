import type { z } from 'zod';
import type { ApiError } from '../api/client.ts';
import type { MessageParams } from '../i18n/catalogue.ts';
import { customIssueMessage, ruleMessageKey } from './rule-messages.ts';

/** A message to show next to a field: an i18n key with its parameters. */
export interface FieldMessage {
  key: string;
  params?: MessageParams;
}
/** Field path (`incomeMix.ownIncomePct`, `skills.2`) → message. */
export type FieldErrors = Record<string, FieldMessage>;

/** Fields whose format rule gets its own explanation (the shared schemas' regexes). */
const patternFields = new Set(['postcode', 'kvkNumber', 'languages']);

function messageFor(issue: z.core.$ZodIssue): FieldMessage {
  const field = issue.path.filter((p): p is string => typeof p === 'string').at(-1) ?? '';
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1
          ? { key: 'validation.required' }
          : { key: 'validation.tooShort', params: { min: Number(issue.minimum) } };
      }
      if (issue.origin === 'array' || issue.origin === 'set')
        return { key: 'validation.tooFew', params: { min: Number(issue.minimum) } };
      return { key: 'validation.tooSmall', params: { min: Number(issue.minimum) } };
    case 'too_big':
      if (issue.origin === 'string') return { key: 'validation.tooLong', params: { max: Number(issue.maximum) } };
      if (issue.origin === 'array' || issue.origin === 'set')
        return { key: 'validation.tooMany', params: { max: Number(issue.maximum) } };
      return { key: 'validation.tooBig', params: { max: Number(issue.maximum) } };
    case 'invalid_format':
      if (issue.format === 'email') return { key: 'validation.email' };
      if (issue.format === 'date') return { key: 'validation.date' };
      if (issue.format === 'regex' && patternFields.has(field)) return { key: `validation.pattern.${field}` };
      return { key: 'validation.invalid' };
    case 'invalid_type':
      if (issue.expected === 'number' || issue.expected === 'int') return { key: 'validation.number' };
      return issue.input === undefined ? { key: 'validation.required' } : { key: 'validation.invalid' };
    case 'invalid_value':
      return { key: 'validation.choose' };
    case 'custom':
      // An income mix must add up to 100%; the listing rules have their own messages.
      if (field === 'ownIncomePct') return { key: 'validation.incomeMixSum' };
      return customIssueMessage(issue) ?? { key: 'validation.invalid' };
    default:
      return { key: 'validation.invalid' };
  }
}

/** The first problem per field of a failed `safeParse`, as translatable messages. */
export function fieldErrorsFromZod(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    out[path] ??= messageFor(issue);
  }
  return out;
}

/** Codes whose own text says what is wrong with the field the server named. */
const fieldCodes = new Set([
  'email_taken',
  'unknown_postcode',
  'password_too_common',
  'invalid_credentials',
  'below_minimum_wage',
  'allowance_limit',
  'euros_between_persons',
  'vog_work_not_allowed',
]);

/** The server's `fields`, translated by the error code (its English reasons are for developers). */
export function fieldErrorsFromApi(error: ApiError): FieldErrors {
  const out: FieldErrors = {};
  for (const path of Object.keys(error.fields)) {
    const rule = ruleMessageKey(error.fields[path] ?? '');
    out[path] = fieldCodes.has(error.code)
      ? { key: `errors.${error.code}` }
      : rule
        ? { key: rule }
        : { key: 'validation.invalid' };
  }
  return out;
}
