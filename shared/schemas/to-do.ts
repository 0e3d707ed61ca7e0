import { z } from 'zod';

/**
 * What waits for the signed-in person (`GET /api/me/to-do`): engagements on which it is their turn,
 * counted by what they have to do. `worker`: their own engagements; `organization`: those of the
 * organisations they manage (only owners and coordinators answer, confirm and dispute).
 */
const count = z.number().int().min(0);

export const toDoResponse = z.object({
  worker: z.object({
    /** Invitations from an organisation to answer. */
    invitations: count,
    /** Agreed work to log hours for, or materials to deliver (also after a question about them). */
    toReport: count,
    /** Everything above together. */
    total: count,
  }),
  organization: z.object({
    /** Applications waiting for a yes or no. */
    applicants: count,
    /** Logged hours waiting to be confirmed. */
    hoursToConfirm: count,
    /** Delivered materials waiting to be confirmed as received. */
    materialsToReceive: count,
    /** Hours or deliveries the organisation asked a question about: confirm once talked through. */
    questions: count,
    total: count,
  }),
});
export type ToDo = z.infer<typeof toDoResponse>;
