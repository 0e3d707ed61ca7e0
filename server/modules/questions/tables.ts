import type { Selectable } from 'kysely';

/** A question thread: one person asking the side of a need or an offer, before any engagement. */
export interface QuestionThreadsTable {
  id: string;
  subject_type: 'need' | 'offer';
  subject_id: string;
  asker_user_id: string;
  /** Set once an engagement between the two followed and took over the conversation. */
  engagement_id: string | null;
  created_at: string;
  last_message_at: string;
}

export interface QuestionMessagesTable {
  id: string;
  thread_id: string;
  author_user_id: string;
  text: string;
  created_at: string;
}

export interface QuestionsTables {
  question_threads: QuestionThreadsTable;
  question_messages: QuestionMessagesTable;
}

export type QuestionThreadRow = Selectable<QuestionThreadsTable>;
