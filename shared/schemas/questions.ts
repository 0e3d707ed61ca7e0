import { z } from 'zod';
import { id, isoDateTime } from './common.ts';

/**
 * Questions before an engagement (docs/API.md, Questions): a thread between a person and the side
 * of a need (its organisation's owners and coordinators) or of an offer (its owner: the person, or
 * the business's owners and coordinators). Private to those two parties.
 */

const text = z.string().trim().min(1, 'Write a question').max(2000, 'At most 2000 characters');

/** Ask about a need or an offer (exactly one); a second question on the same listing goes to the same thread. */
export const askQuestionBody = z
  .strictObject({ needId: id.optional(), offerId: id.optional(), text })
  .refine((b) => (b.needId === undefined) !== (b.offerId === undefined), {
    message: 'Ask about a need or an offer',
    path: ['needId'],
  });
export type AskQuestionBody = z.infer<typeof askQuestionBody>;

export const questionMessageBody = z.strictObject({ text });
export type QuestionMessageBody = z.infer<typeof questionMessageBody>;

export const questionMessage = z.object({
  id: z.string(),
  author: z.object({ userId: z.string(), displayName: z.string() }),
  text: z.string(),
  createdAt: isoDateTime,
  /** Written by the person reading. */
  mine: z.boolean(),
});
export type QuestionMessage = z.infer<typeof questionMessage>;

export const questionThread = z.object({
  id: z.string(),
  subject: z.object({ type: z.enum(['need', 'offer']), id: z.string(), title: z.string() }),
  /** The person who asked. */
  asker: z.object({ userId: z.string(), displayName: z.string() }),
  /** Who answers: the organisation (or business) by name, or the person who offers. */
  answeredBy: z.object({ name: z.string() }),
  /** Which side the reader is on. */
  viewerSide: z.enum(['asker', 'answerer']),
  /** The engagement that followed; the conversation goes on there. */
  engagementId: z.string().nullable(),
  createdAt: isoDateTime,
  lastMessageAt: isoDateTime,
});
export type QuestionThread = z.infer<typeof questionThread>;

export const questionThreadResponse = z.object({ thread: questionThread, messages: z.array(questionMessage) });
export type QuestionThreadResponse = z.infer<typeof questionThreadResponse>;
export const questionThreadPage = z.object({ items: z.array(questionThread), nextCursor: z.string().nullable() });
export const questionMessageResponse = z.object({ message: questionMessage });
