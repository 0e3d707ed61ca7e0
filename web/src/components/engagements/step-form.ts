import type { Engagement } from '../../../../shared/schemas/engagements.ts';

/** What the engagement page gives a form for one step (log hours, deliver, confirm). */
export interface StepFormProps {
  engagement: Engagement;
  /** The step is taken: the engagement as the server now has it. */
  onSaved: (e: Engagement) => void;
  onClose: () => void;
}
