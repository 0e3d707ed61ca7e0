import type { Component } from 'svelte';
import type { Params } from './lib/router/route-match.ts';
import AdminAuditPage from './pages/AdminAuditPage.svelte';
import AdminReportsPage from './pages/AdminReportsPage.svelte';
import AdminVerificationPage from './pages/AdminVerificationPage.svelte';
import EngagementPage from './pages/EngagementPage.svelte';
import EngagementsPage from './pages/EngagementsPage.svelte';
import HelpPage from './pages/HelpPage.svelte';
import HelpRequestPage from './pages/HelpRequestPage.svelte';
import HomePage from './pages/HomePage.svelte';
import ImpactPage from './pages/ImpactPage.svelte';
import CertificatePage from './pages/CertificatePage.svelte';
import LedgerEntryPage from './pages/LedgerEntryPage.svelte';
import RecognitionPage from './pages/RecognitionPage.svelte';
import LedgerPage from './pages/LedgerPage.svelte';
import LibraryItemPage from './pages/LibraryItemPage.svelte';
import LibraryPage from './pages/LibraryPage.svelte';
import LoanPage from './pages/LoanPage.svelte';
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
import ObligationPage from './pages/ObligationPage.svelte';
import NotificationsPage from './pages/NotificationsPage.svelte';
import OrganizationEditPage from './pages/OrganizationEditPage.svelte';
import OrganizationNewPage from './pages/OrganizationNewPage.svelte';
import OrganizationPage from './pages/OrganizationPage.svelte';
import ProfilePage from './pages/ProfilePage.svelte';
import QuestionPage from './pages/QuestionPage.svelte';
import QuestionsPage from './pages/QuestionsPage.svelte';
import RegisterPage from './pages/RegisterPage.svelte';
import SalePage from './pages/SalePage.svelte';
import SearchPage from './pages/SearchPage.svelte';
import ServiceNewPage from './pages/ServiceNewPage.svelte';
import ServicePage from './pages/ServicePage.svelte';
import ServicesPage from './pages/ServicesPage.svelte';
import SocialReturnPage from './pages/SocialReturnPage.svelte';
import StatementPage from './pages/StatementPage.svelte';
import WalletPage from './pages/WalletPage.svelte';
import CheckEmailPage from './pages/CheckEmailPage.svelte';
import ForgotPasswordPage from './pages/ForgotPasswordPage.svelte';
import ResetPasswordPage from './pages/ResetPasswordPage.svelte';
import UnsubscribePage from './pages/UnsubscribePage.svelte';
import VerifyEmailPage from './pages/VerifyEmailPage.svelte';

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
  route('/forgot-password', ForgotPasswordPage, 'mail.forgot.title', 'signedOut'),
  route('/check-email', CheckEmailPage, 'mail.check.title'),
  route('/reset-password', ResetPasswordPage, 'mail.reset.title'),
  route('/verify-email', VerifyEmailPage, 'mail.verify.title'),
  route('/unsubscribe', UnsubscribePage, 'mail.unsubscribe.title'),
  route('/profile', ProfilePage, 'profile.title', 'signedIn'),
  route('/organizations/new', OrganizationNewPage, 'organizations.new.title', 'signedIn'),
  route('/organizations/:id', OrganizationPage, 'organizations.view.title'),
  route('/organizations/:id/edit', OrganizationEditPage, 'organizations.edit.title', 'signedIn'),
  route('/engagements', EngagementsPage, 'engagements.list.title', 'signedIn'),
  route('/engagements/:id', EngagementPage, 'engagements.detail.title', 'signedIn'),
  route('/wallet', WalletPage, 'wallet.title', 'signedIn'),
  route('/notifications', NotificationsPage, 'notifications.title', 'signedIn'),
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
  route('/help', HelpPage, 'community.help.title'),
  route('/help/:id', HelpRequestPage, 'community.help.pageTitle'),
  route('/services', ServicesPage, 'community.services.title'),
  route('/services/new', ServiceNewPage, 'community.services.new.title', 'signedIn'),
  route('/services/:id', ServicePage, 'community.services.pageTitle'),
  route('/sales/:id', SalePage, 'community.sales.title', 'signedIn'),
  route('/library', LibraryPage, 'community.library.title'),
  route('/library/:id', LibraryItemPage, 'community.library.pageTitle'),
  route('/loans/:id', LoanPage, 'community.loans.title', 'signedIn'),
  route('/social-return', SocialReturnPage, 'community.socialReturn.title', 'signedIn'),
  route('/social-return/statements/:code', StatementPage, 'community.socialReturn.checkTitle'),
  route('/social-return/:id', ObligationPage, 'community.socialReturn.title', 'signedIn'),
];

export type RoutePath = (typeof routes)[number]['path'];

export const notFoundRoute: RouteDef = { path: '*', page: NotFoundPage as PageComponent, title: 'common.notFound.title', access: 'anyone' };
