/** The personal record of confirmed work: one row per person who did an engagement's work. */
export interface EngagementParticipantsTable {
  engagement_id: string;
  user_id: string;
  minutes: number;
  /** 1 when the person had opted in to count as a newcomer at confirmation. */
  newcomer: number;
}

/** A reference the organisation wrote after confirmation; the person decides whether it is public. */
export interface EngagementReferencesTable {
  engagement_id: string;
  user_id: string;
  organization_id: string;
  author_id: string;
  text: string;
  /** JSON array of confirmed skills (lowercase). */
  skills: string;
  public: number;
  created_at: string;
  updated_at: string;
}

/** An issued certificate: the signed payload (canonical JSON) and its compact JWS. */
export interface CertificatesTable {
  code: string;
  user_id: string;
  payload: string;
  signature: string;
  kid: string;
  issued_at: string;
}

export interface RecognitionTables {
  engagement_participants: EngagementParticipantsTable;
  engagement_references: EngagementReferencesTable;
  certificates: CertificatesTable;
}
