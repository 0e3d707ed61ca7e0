import type { AskQuestionBody } from '../../../../shared/schemas/questions.ts';
import {
  questionMessageResponse,
  questionThreadPage,
  questionThreadResponse,
} from '../../../../shared/schemas/questions.ts';
import { request } from './client.ts';

const threadPath = (id: string) => `/questions/${encodeURIComponent(id)}`;

/** Typed calls for questions before an engagement (docs/API.md, Questions). */
export const questionsApi = {
  ask: (body: AskQuestionBody) => request('POST', '/questions', questionThreadResponse, body),
  list: (cursor?: string) =>
    request('GET', `/questions?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, questionThreadPage),
  thread: (id: string) => request('GET', threadPath(id), questionThreadResponse),
  reply: (id: string, text: string) =>
    request('POST', `${threadPath(id)}/messages`, questionMessageResponse, { text }).then((r) => r.message),
};
