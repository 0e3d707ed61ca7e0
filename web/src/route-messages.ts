import type { RoutePath } from './routes.ts';

/**
 * Which message namespaces (web/src/locales/<lang>/<namespace>.json) each page shows, fetched in the
 * person's language together with the page's code, so a page appears with its words (the rest of
 * the app's messages are not downloaded). The shell's (header, footer, alerts) come first, before
 * the app mounts. tests/unit/route-messages.test.ts reads each page's code and fails when a
 * namespace it names is missing here; a message outside these still shows, a moment later
 * (`t` fetches its namespace). The start page lists only what a visitor sees: the sections for
 * signed-in people come with `signedInMessages`.
 */
export const shellMessages = ['common', 'errors'] as const;

/**
 * What signed-in people see besides the page: the bell and toasts, and the start page's to-do list
 * and suggestions. Fetched as soon as the person is known, beside the page, so those sections do not
 * wait for their words after their code.
 */
export const signedInMessages = ['community', 'matches', 'matching', 'notifications', 'search', 'start'] as const;

export const routeMessages: Record<RoutePath | '*', readonly string[]> = {
  '/': ['domains', 'home', 'listings', 'search', 'standing', 'trust', 'validation'],
  '/about': ['domains', 'home', 'organizations', 'trust'],
  '/needs/new': ['domains', 'listings', 'trust', 'validation'],
  '/needs/:id': [
    'domains',
    'engagementTexts',
    'engagements',
    'ledger',
    'listings',
    'matches',
    'matching',
    'organizations',
    'questions',
    'translations',
    'trust',
    'validation',
  ],
  '/needs/:id/edit': ['domains', 'forWhom', 'listings', 'trust', 'validation'],
  '/offers/new': ['domains', 'forWhom', 'listings', 'trust', 'validation'],
  '/offers/:id': [
    'domains',
    'engagementTexts',
    'engagements',
    'ledger',
    'listings',
    'matches',
    'matching',
    'questions',
    'search',
    'translations',
    'trust',
    'validation',
  ],
  '/questions': ['questions', 'validation'],
  '/questions/:id': ['listings', 'questions', 'trust', 'validation'],
  '/offers/:id/edit': ['domains', 'forWhom', 'listings', 'trust', 'validation'],
  '/me/listings': ['domains', 'listings', 'search', 'standing', 'trust', 'validation'],
  '/me/reports': ['ledger', 'trust', 'validation'],
  '/register': ['auth', 'listings', 'trust', 'validation'],
  '/welcome': ['listings', 'onboarding', 'profile', 'trust', 'validation'],
  '/login': ['auth', 'listings', 'trust', 'validation'],
  '/forgot-password': ['auth', 'listings', 'mail', 'trust', 'validation'],
  '/check-email': ['mail', 'validation'],
  '/reset-password': ['auth', 'listings', 'mail', 'trust', 'validation'],
  '/verify-email': ['auth', 'mail', 'validation'],
  '/unsubscribe': ['mail', 'validation'],
  '/profile': ['auth', 'helpers', 'listings', 'mail', 'organizations', 'profile', 'trust', 'validation'],
  '/organizations/new': ['domains', 'forWhom', 'listings', 'mail', 'organizations', 'trust', 'validation'],
  '/organizations/:id': [
    'domains',
    'impact',
    'ledger',
    'listings',
    'organizations',
    'recognition',
    'trust',
    'validation',
  ],
  '/organizations/:id/edit': ['domains', 'forWhom', 'listings', 'organizations', 'trust', 'validation'],
  '/engagements': ['engagementTexts', 'engagements', 'listings', 'search', 'validation'],
  '/engagements/:id': [
    'engagementTexts',
    'engagements',
    'ledger',
    'listings',
    'notifications',
    'recognition',
    'search',
    'trust',
    'validation',
  ],
  '/wallet': ['engagements', 'listings', 'trust', 'validation', 'wallet', 'walletTexts'],
  '/notifications': ['listings', 'notifications', 'search', 'validation'],
  '/ledger': ['ledger', 'validation'],
  '/ledger/entries/:id': ['domains', 'ledgerEntry', 'validation'],
  '/me/recognition': ['domains', 'listings', 'recognition', 'validation'],
  '/people/:id/recognition': ['domains', 'listings', 'recognition', 'validation'],
  '/certificates/:code': ['certificate', 'domains', 'listings', 'recognition', 'validation'],
  '/stand-van-het-land': ['domains', 'impact', 'listings', 'validation'],
  '/match-rounds': ['listings', 'matches', 'matching', 'trust', 'validation'],
  '/admin/organizations': ['ledger', 'listings', 'organizations', 'trust', 'validation'],
  '/admin/reports': ['ledger', 'listings', 'trust', 'validation'],
  '/admin/audit': ['ledger', 'trust', 'validation'],
  '/help': ['community', 'engagements', 'listings', 'trust', 'validation'],
  '/help/:id': ['community', 'engagements', 'validation'],
  '/services': ['community', 'listings', 'validation'],
  '/services/new': ['community', 'domains', 'listings', 'trust', 'validation'],
  '/services/:id': ['community', 'domains', 'listings', 'validation'],
  '/sales/:id': ['community', 'listings', 'validation'],
  '/library': ['community', 'listings', 'trust', 'validation'],
  '/library/:id': ['community', 'listings', 'validation'],
  '/loans/:id': ['community', 'listings', 'validation'],
  '/social-return': ['community', 'listings', 'trust', 'validation'],
  '/social-return/statements/:code': ['community', 'listings', 'validation'],
  '/social-return/:id': ['community', 'listings', 'validation'],
  '*': [],
};
