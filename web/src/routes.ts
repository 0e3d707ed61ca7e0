import type { Component } from 'svelte';
import type { Params } from './lib/router/route-match.ts';
import AdminAuditPage from './pages/AdminAuditPage.svelte';
import AdminReportsPage from './pages/AdminReportsPage.svelte';
import AdminVerificationPage from './pages/AdminVerificationPage.svelte';
import EngagementPage from './pages/EngagementPage.svelte';
import EngagementsPage from './pages/EngagementsPage.svelte';
import HomePage from './pages/HomePage.svelte';
import ImpactPage from './pages/ImpactPage.svelte';
import CertificatePage from './pages/CertificatePage.svelte';
import LedgerEntryPage from './pages/LedgerEntryPage.svelte';
import RecognitionPage from './pages/RecognitionPage.svelte';
import LedgerPage from './pages/LedgerPage.svelte';
import ListingEditPage from './pages/ListingEditPage.svelte';
import LoginPage from './pages/LoginPage.svelte';
import MatchRoundsPage from './pages/MatchRoundsPage.svelte';
import MyListingsPage from './pages/MyListingsPage.svelte';
import MyReportsPage from './pages/MyReportsPage.svelte';
import NeedNewPage from './pages/NeedNewPage.svelte';
import NeedPage from './pages/NeedPage.svelte';
import OfferNewPage from './pages/OfferNewPage.svelte';
import OfferPage from './pages/OfferPage.svelte';
import NotFoundPage from './pages/NotFoundPage.svelte';
import OrganizationEditPage from './pages/OrganizationEditPage.svelte';
import OrganizationNewPage from './pages/OrganizationNewPage.svelte';
import OrganizationPage from './pages/OrganizationPage.svelte';
import ProfilePage from './pages/ProfilePage.svelte';
import QuestionPage from './pages/QuestionPage.svelte';
import QuestionsPage from './pages/QuestionsPage.svelte';
import RegisterPage from './pages/RegisterPage.svelte';
import SearchPage from './pages/SearchPage.svelte';
import WalletPage from './pages/WalletPage.svelte';

export type PageComponent = Component<{ params: Record<string, string> }>;

/** Who may open a page: anyone, only signed-in people (others go to sign-in), or only visitors. */
export type Access = 'anyone' | 'signedIn' | 'signedOut';

export interface RouteDef<P extends string = string> {
  path: P;
  page: PageComponent;
  /** i18n key of the page title (pages about one thing may set a more specific title). */
  title: string;
  access: Access;
}

/** A page takes its route's `:params` as `params`; a page without params takes no props. */
type PageFor<P extends string> = Component<{ params: Params<P> }> | Component<Record<string, never>>;

function route<P extends string>(path: P, page: PageFor<P>, title: string, access: Access = 'anyone'): RouteDef<P> {
  // matchPath yields exactly the params named in P, so the page gets what it declares
  // (a page without params ignores the empty object).
  return { path, page: page as PageComponent, title, access };
}

/**
 * Every page of the app. More specific paths first (`/organizations/new` before `/organizations/:id`).
 * To add a page: create `pages/ThingPage.svelte` with `interface Props { params: { id: string } }`,
 * add one line here, and link to it with `href('/things/:id', { id })`.
 */
export const routes = [
  route('/', SearchPage, 'search.pageTitle'),
  route('/about', HomePage, 'home.title'),
  route('/needs/new', NeedNewPage, 'listings.need.new', 'signedIn'),
  route('/needs/:id', NeedPage, 'listings.need.title'),
  route('/needs/:id/edit', ListingEditPage, 'listings.need.edit', 'signedIn'),
  route('/offers/new', OfferNewPage, 'listings.offer.new', 'signedIn'),
  route('/offers/:id', OfferPage, 'listings.offer.title'),
  route('/questions', QuestionsPage, 'questions.list.title', 'signedIn'),
  route('/questions/:id', QuestionPage, 'questions.thread.title', 'signedIn'),
  route('/offers/:id/edit', ListingEditPage, 'listings.offer.edit', 'signedIn'),
  route('/me/listings', MyListingsPage, 'listings.mine.title', 'signedIn'),
  route('/me/reports', MyReportsPage, 'trust.reports.title', 'signedIn'),
  route('/register', RegisterPage, 'auth.register.title', 'signedOut'),
  route('/login', LoginPage, 'auth.login.title', 'signedOut'),
  route('/profile', ProfilePage, 'profile.title', 'signedIn'),
  route('/organizations/new', OrganizationNewPage, 'organizations.new.title', 'signedIn'),
  route('/organizations/:id', OrganizationPage, 'organizations.view.title'),
  route('/organizations/:id/edit', OrganizationEditPage, 'organizations.edit.title', 'signedIn'),
  route('/engagements', EngagementsPage, 'engagements.list.title', 'signedIn'),
  route('/engagements/:id', EngagementPage, 'engagements.detail.title', 'signedIn'),
  route('/wallet', WalletPage, 'wallet.title', 'signedIn'),
  route('/ledger', LedgerPage, 'ledger.title'),
  route('/ledger/entries/:id', LedgerEntryPage, 'ledgerEntry.title'),
  route('/me/recognition', RecognitionPage, 'recognition.titleOwn', 'signedIn'),
  route('/people/:id/recognition', RecognitionPage, 'recognition.titlePublic'),
  route('/certificates/:code', CertificatePage, 'certificate.title'),
  route('/stand-van-het-land', ImpactPage, 'impact.title'),
  route('/match-rounds', MatchRoundsPage, 'matches.rounds.title', 'signedIn'),
  route('/admin/organizations', AdminVerificationPage, 'trust.admin.verification.title', 'signedIn'),
  route('/admin/reports', AdminReportsPage, 'trust.admin.reports.title', 'signedIn'),
  route('/admin/audit', AdminAuditPage, 'trust.admin.audit.title', 'signedIn'),
];

export type RoutePath = (typeof routes)[number]['path'];

export const notFoundRoute: RouteDef = { path: '*', page: NotFoundPage as PageComponent, title: 'common.notFound.title', access: 'anyone' };
