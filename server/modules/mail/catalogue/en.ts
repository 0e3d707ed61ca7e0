import type { MailCatalogue } from './nl.ts';

/** The mail texts in English (keys and ICU syntax as in nl.ts). */
export const en = {
  greeting: 'Hello {name},',
  signature: 'Regards,\nWaardewerk',
  settings: 'Choose which mails you get, and when, on your profile: {url}',
  unsubscribe: 'No more mails about “{kind}”: {url}',
  'verify_email.subject': 'Confirm your e-mail address',
  'verify_email.body':
    'Confirm that this is your address for Waardewerk. The link works for {hours, plural, one {# hour} other {# hours}}:\n{url}\n\nDid you not make an account? Then you can ignore this mail.',
  'password_reset.subject': 'A new password for Waardewerk',
  'password_reset.body':
    'You asked for a new password. Choose it through this link; it works for {minutes, plural, one {# minute} other {# minutes}}, once:\n{url}\n\nDid you not ask? Then you can ignore this mail: your password stays as it is.',
  'digest.subject': '{count, plural, one {# new update} other {# new updates}} on Waardewerk',
  'digest.intro': 'This happened since your last summary:',
  'kind.engagement_invited': 'invitations',
  'kind.hours_to_confirm': 'hours to confirm',
  'kind.engagement_accepted': 'applications that were accepted',
  'kind.not_selected': 'applications where someone else was chosen',
  'kind.engagement_proposed': 'new applications',
  'kind.engagement_message': 'messages',
  'kind.engagement_update': 'changes to your engagements',
  'kind.new_match': 'new tasks that fit you',
  'engagement_invited.subject': 'You are invited for “{title}”',
  'engagement_invited.line': 'You are invited for “{title}”. Say yes or no: {url}',
  'hours_to_confirm.subject': 'Hours to confirm: “{title}”',
  'hours_to_confirm.line': 'Hours were logged for “{title}”. Will you confirm them? {url}',
  'engagement_accepted.subject': 'Accepted: “{title}”',
  'engagement_accepted.line': 'Your application for “{title}” was accepted. See the engagement: {url}',
  'not_selected.subject': 'Not selected: “{title}”',
  'not_selected.line': 'Someone else was chosen for “{title}”. Thank you for applying. There are more tasks: {url}',
  'engagement_proposed.subject': 'New application: “{title}”',
  'engagement_proposed.line': 'Someone applied for “{title}”: {url}',
  'engagement_message.subject': 'New message about “{title}”',
  'engagement_message.line': 'There is a new message about “{title}”: {url}',
  'engagement_update.subject': 'News about “{title}”',
  'engagement_update.line':
    '{event, select, accepted {Your invitation for “{title}” was accepted.} declined {“{title}” was declined.} cancelled {“{title}” was cancelled.} confirmed {The hours for “{title}” were confirmed.} delivered {The goods for “{title}” were delivered.} disputed {An objection was raised about “{title}”.} other {There is news about “{title}”.}} {url}',
  'new_match.subject': 'A new task that fits you: “{title}”',
  'new_match.line': 'A new task fits your offer: “{title}”. {url}',
} satisfies MailCatalogue;
