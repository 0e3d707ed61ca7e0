import { compensationFigureIssue } from '../../../../shared/compensation-figures.ts';
import { createNeedBody } from '../../../../shared/schemas/listings.ts';
import { euro } from '../../lib/format/listing.ts';
import type { FieldMessage } from '../../lib/forms/validation.ts';

/** The figure rule as a translatable message: the amount it must respect, in the person's language. */
export function figureMessage(issue: NonNullable<ReturnType<typeof compensationFigureIssue>>): FieldMessage {
  return issue.code === 'below_minimum_wage'
    ? { key: 'listings.rules.below_minimum_wage', params: { minimum: euro(issue.figures.hourly21PlusCents) } }
    : { key: 'listings.rules.allowance_limit', params: { maximum: euro(issue.figures.hourlyMax21PlusCents) } };
}

/**
 * The shared create schema plus the rules the service checks against the statutory figures
 * (paid ≥ minimum wage, allowance ≤ tax-free hourly maximum), so the form refuses them before sending.
 */
export const needFormSchema = createNeedBody.superRefine((need, ctx) => {
  const issue = compensationFigureIssue(new Date(), need.compensation, need.startsAt, need.endsAt);
  if (!issue) return;
  const message = figureMessage(issue);
  ctx.addIssue({
    code: 'custom',
    path: issue.path.split('.'),
    message: issue.code,
    params: { messageKey: message.key, values: message.params },
  });
});
