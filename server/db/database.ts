import type { AccountsTables } from '../modules/accounts/tables.ts';
import type { OrganizationsTables } from '../modules/organizations/tables.ts';
import type { ListingsTables } from '../modules/listings/tables.ts';
import type { EngagementsTables } from '../modules/engagements/tables.ts';
import type { LedgerTables } from '../modules/ledger/tables.ts';
import type { MatchingTables } from '../modules/matching/tables.ts';
import type { AuditTables } from '../modules/audit/tables.ts';
import type { ModerationTables } from '../modules/moderation/tables.ts';
import type { OperationsTables } from '../modules/operations/tables.ts';
import type { ThrottleTables } from '../modules/throttle/tables.ts';
import type { SigningTables } from '../modules/signing/tables.ts';
import type { RecognitionTables } from '../modules/recognition/tables.ts';
import type { ImpactTables } from '../modules/impact/tables.ts';
import type { NeighboursTables } from '../modules/neighbours/tables.ts';
import type { SalesTables } from '../modules/sales/tables.ts';
import type { LoansTables } from '../modules/loans/tables.ts';
import type { SocialReturnTables } from '../modules/social-return/tables.ts';
import type { NotificationsTables } from '../modules/notifications/tables.ts';
import type { AlertsTables } from '../modules/alerts/tables.ts';
import type { MailTables } from '../modules/mail/tables.ts';
import type { QuestionsTables } from '../modules/questions/tables.ts';
import type { TranslationsTables } from '../modules/translations/tables.ts';
import type { HelpersTables } from '../modules/helpers/tables.ts';

/** The whole schema, assembled from each module's own table types. */
export interface Database
  extends
    AccountsTables,
    OrganizationsTables,
    ListingsTables,
    EngagementsTables,
    LedgerTables,
    MatchingTables,
    AuditTables,
    ModerationTables,
    OperationsTables,
    ThrottleTables,
    SigningTables,
    RecognitionTables,
    ImpactTables,
    NeighboursTables,
    SalesTables,
    LoansTables,
    SocialReturnTables,
    NotificationsTables,
    AlertsTables,
    MailTables,
    QuestionsTables,
    TranslationsTables,
    HelpersTables {}
