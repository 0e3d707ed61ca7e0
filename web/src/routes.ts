import type { Component } from 'svelte';
import { namespaceOf } from './lib/i18n/catalogue.ts';
import type { Params } from './lib/router/route-match.ts';
import SearchPage from './pages/SearchPage.svelte';
import { routeMessages } from './route-messages.ts';
import { locale } from './state/locale.svelte.ts';

export type PageComponent = Component<{ params: Record<string, string> }>;

/** Who may open a page: anyone, only signed-in people (others go to sign-in), or only visitors. */
export type Access = 'anyone' | 'signedIn' | 'signedOut';

/** A page fetched when it is first opened: its code is a chunk of its own. */
export interface LazyPage<C> {
  readonly lazy: () => Promise<{ default: C }>;
}

export interface RouteDef<P extends string = string> {
  path: P;
  /** The page, or how to fetch it (every page but the start page). */
  page: PageComponent | LazyPage<PageComponent>;
  /** i18n key of the page title (pages about one thing may set a more specific title). */
  title: string;
  access: Access;
}

/** A page takes its route's `:params` as `params`; a page without params takes no props. */
type PageFor<P extends string> = Component<{ params: Params<P> }> | Component<Record<string, never>>;

/** Marks a page to be fetched on demand: `lazy(() => import('./pages/ThingPage.svelte'))`. */
export function lazy<C>(load: () => Promise<{ default: C }>): LazyPage<C> {
  return { lazy: load };
}

function route<P extends string>(
  path: P,
  page: PageFor<P> | LazyPage<PageFor<P>>,
  title: string,
  access: Access = 'anyone',
): RouteDef<P> {
  // matchPath yields exactly the params named in P, so the page gets what it declares
  // (a page without params ignores the empty object).
  return { path, page: page as PageComponent | LazyPage<PageComponent>, title, access };
}

const loaded = new Map<RouteDef['page'], PageComponent>();

/** The message namespaces the route's page shows (route-messages.ts), its title's among them. */
export function messagesOf(def: RouteDef): string[] {
  return [...new Set([...(routeMessages[def.path as RoutePath | '*'] ?? []), namespaceOf(def.title)])];
}

async function componentOf(def: RouteDef): Promise<PageComponent> {
  if (!('lazy' in def.page)) return def.page;
  const known = loaded.get(def.page);
  if (known) return known;
  const component = (await def.page.lazy()).default;
  loaded.set(def.page, component);
  return component;
}

/** The route's page component, fetching its chunk the first time (then kept) and, beside it, its messages in the person's language. */
export async function pageOf(def: RouteDef): Promise<PageComponent> {
  const [component] = await Promise.all([componentOf(def), locale.load(messagesOf(def))]);
  return component;
}

/** The page if its code and messages are here already (no loading flash when going back to a page seen before). */
export function pageIfLoaded(def: RouteDef): PageComponent | undefined {
  if (!locale.has(messagesOf(def))) return undefined;
  return 'lazy' in def.page ? loaded.get(def.page) : def.page;
}

/**
 * Every page of the app. More specific paths first (`/organizations/new` before `/organizations/:id`).
 * To add a page: create `pages/ThingPage.svelte` with `interface Props { params: { id: string } }`,
 * add one line here (`lazy(() => import('./pages/ThingPage.svelte'))`, so its code loads when opened), and link to it with `href('/things/:id', { id })`.
 */
export const routes = [
  route('/', SearchPage, 'search.pageTitle'),
  route(
    '/about',
    lazy(() => import('./pages/HomePage.svelte')),
    'home.title',
  ),
  route(
    '/needs/new',
    lazy(() => import('./pages/NeedNewPage.svelte')),
    'listings.need.new',
    'signedIn',
  ),
  route(
    '/needs/:id',
    lazy(() => import('./pages/NeedPage.svelte')),
    'listings.need.title',
  ),
  route(
    '/needs/:id/edit',
    lazy(() => import('./pages/ListingEditPage.svelte')),
    'listings.need.edit',
    'signedIn',
  ),
  route(
    '/offers/new',
    lazy(() => import('./pages/OfferNewPage.svelte')),
    'listings.offer.new',
    'signedIn',
  ),
  route(
    '/offers/:id',
    lazy(() => import('./pages/OfferPage.svelte')),
    'listings.offer.title',
  ),
  route(
    '/questions',
    lazy(() => import('./pages/QuestionsPage.svelte')),
    'questions.list.title',
    'signedIn',
  ),
  route(
    '/questions/:id',
    lazy(() => import('./pages/QuestionPage.svelte')),
    'questions.thread.title',
    'signedIn',
  ),
  route(
    '/offers/:id/edit',
    lazy(() => import('./pages/ListingEditPage.svelte')),
    'listings.offer.edit',
    'signedIn',
  ),
  route(
    '/me/listings',
    lazy(() => import('./pages/MyListingsPage.svelte')),
    'listings.mine.title',
    'signedIn',
  ),
  route(
    '/me/reports',
    lazy(() => import('./pages/MyReportsPage.svelte')),
    'trust.reports.title',
    'signedIn',
  ),
  route(
    '/register',
    lazy(() => import('./pages/RegisterPage.svelte')),
    'auth.register.title',
    'signedOut',
  ),
  route(
    '/welcome',
    lazy(() => import('./pages/WelcomePage.svelte')),
    'onboarding.language.title',
    'signedIn',
  ),
  route(
    '/login',
    lazy(() => import('./pages/LoginPage.svelte')),
    'auth.login.title',
    'signedOut',
  ),
  route(
    '/forgot-password',
    lazy(() => import('./pages/ForgotPasswordPage.svelte')),
    'mail.forgot.title',
    'signedOut',
  ),
  route(
    '/check-email',
    lazy(() => import('./pages/CheckEmailPage.svelte')),
    'mail.check.title',
  ),
  route(
    '/reset-password',
    lazy(() => import('./pages/ResetPasswordPage.svelte')),
    'mail.reset.title',
  ),
  route(
    '/verify-email',
    lazy(() => import('./pages/VerifyEmailPage.svelte')),
    'mail.verify.title',
  ),
  route(
    '/unsubscribe',
    lazy(() => import('./pages/UnsubscribePage.svelte')),
    'mail.unsubscribe.title',
  ),
  route(
    '/profile',
    lazy(() => import('./pages/ProfilePage.svelte')),
    'profile.title',
    'signedIn',
  ),
  route(
    '/organizations/new',
    lazy(() => import('./pages/OrganizationNewPage.svelte')),
    'organizations.new.title',
    'signedIn',
  ),
  route(
    '/organizations/:id',
    lazy(() => import('./pages/OrganizationPage.svelte')),
    'organizations.view.title',
  ),
  route(
    '/organizations/:id/edit',
    lazy(() => import('./pages/OrganizationEditPage.svelte')),
    'organizations.edit.title',
    'signedIn',
  ),
  route(
    '/engagements',
    lazy(() => import('./pages/EngagementsPage.svelte')),
    'engagements.list.title',
    'signedIn',
  ),
  route(
    '/engagements/:id',
    lazy(() => import('./pages/EngagementPage.svelte')),
    'engagements.detail.title',
    'signedIn',
  ),
  route(
    '/wallet',
    lazy(() => import('./pages/WalletPage.svelte')),
    'wallet.title',
    'signedIn',
  ),
  route(
    '/notifications',
    lazy(() => import('./pages/NotificationsPage.svelte')),
    'notifications.title',
    'signedIn',
  ),
  route(
    '/ledger',
    lazy(() => import('./pages/LedgerPage.svelte')),
    'ledger.title',
  ),
  route(
    '/ledger/entries/:id',
    lazy(() => import('./pages/LedgerEntryPage.svelte')),
    'ledgerEntry.title',
  ),
  route(
    '/me/recognition',
    lazy(() => import('./pages/RecognitionPage.svelte')),
    'recognition.titleOwn',
    'signedIn',
  ),
  route(
    '/people/:id/recognition',
    lazy(() => import('./pages/RecognitionPage.svelte')),
    'recognition.titlePublic',
  ),
  route(
    '/certificates/:code',
    lazy(() => import('./pages/CertificatePage.svelte')),
    'certificate.title',
  ),
  route(
    '/stand-van-het-land',
    lazy(() => import('./pages/ImpactPage.svelte')),
    'impact.title',
  ),
  route(
    '/match-rounds',
    lazy(() => import('./pages/MatchRoundsPage.svelte')),
    'matches.rounds.title',
    'signedIn',
  ),
  route(
    '/admin/organizations',
    lazy(() => import('./pages/AdminVerificationPage.svelte')),
    'trust.admin.verification.title',
    'signedIn',
  ),
  route(
    '/admin/reports',
    lazy(() => import('./pages/AdminReportsPage.svelte')),
    'trust.admin.reports.title',
    'signedIn',
  ),
  route(
    '/admin/audit',
    lazy(() => import('./pages/AdminAuditPage.svelte')),
    'trust.admin.audit.title',
    'signedIn',
  ),
  route(
    '/help',
    lazy(() => import('./pages/HelpPage.svelte')),
    'community.help.title',
  ),
  route(
    '/help/:id',
    lazy(() => import('./pages/HelpRequestPage.svelte')),
    'community.help.pageTitle',
  ),
  route(
    '/services',
    lazy(() => import('./pages/ServicesPage.svelte')),
    'community.services.title',
  ),
  route(
    '/services/new',
    lazy(() => import('./pages/ServiceNewPage.svelte')),
    'community.services.new.title',
    'signedIn',
  ),
  route(
    '/services/:id',
    lazy(() => import('./pages/ServicePage.svelte')),
    'community.services.pageTitle',
  ),
  route(
    '/sales/:id',
    lazy(() => import('./pages/SalePage.svelte')),
    'community.sales.title',
    'signedIn',
  ),
  route(
    '/library',
    lazy(() => import('./pages/LibraryPage.svelte')),
    'community.library.title',
  ),
  route(
    '/library/:id',
    lazy(() => import('./pages/LibraryItemPage.svelte')),
    'community.library.pageTitle',
  ),
  route(
    '/loans/:id',
    lazy(() => import('./pages/LoanPage.svelte')),
    'community.loans.title',
    'signedIn',
  ),
  route(
    '/social-return',
    lazy(() => import('./pages/SocialReturnPage.svelte')),
    'community.socialReturn.title',
    'signedIn',
  ),
  route(
    '/social-return/statements/:code',
    lazy(() => import('./pages/StatementPage.svelte')),
    'community.socialReturn.checkTitle',
  ),
  route(
    '/social-return/:id',
    lazy(() => import('./pages/ObligationPage.svelte')),
    'community.socialReturn.title',
    'signedIn',
  ),
];

export type RoutePath = (typeof routes)[number]['path'];

export const notFoundRoute: RouteDef = route(
  '*',
  lazy(() => import('./pages/NotFoundPage.svelte')),
  'common.notFound.title',
);
