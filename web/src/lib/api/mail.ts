import type { MailKind, MailMode } from '../../../../shared/schemas/mail.ts';
import { mailPreferencesResponse, unsubscribeResponse } from '../../../../shared/schemas/mail.ts';
import { request } from './client.ts';

/** Account recovery, verified addresses and mail settings (issue 11). */
export const mailApi = {
  /** "Forgot password": the same answer for every address. */
  requestPasswordReset: (email: string) => request('POST', '/auth/password-reset', null, { email }),
  confirmPasswordReset: (token: string, password: string) =>
    request('POST', '/auth/password-reset/confirm', null, { token, password }),
  confirmEmail: (token: string) => request('POST', '/auth/verify-email/confirm', null, { token }),
  resendVerification: () => request('POST', '/me/email-verification', null),
  preferences: () => request('GET', '/me/mail-preferences', mailPreferencesResponse),
  updatePreferences: (changes: Partial<Record<MailKind, MailMode>>) =>
    request('PATCH', '/me/mail-preferences', mailPreferencesResponse, changes),
  unsubscribe: (token: string) => request('POST', '/mail/unsubscribe', unsubscribeResponse, { token }),
};
