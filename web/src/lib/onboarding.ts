/** What a newcomer wants to do (onboarding step 2), and where they go when the steps are done. */
export const onboardingGoals = [
  'findTasks',
  'offerHelp',
  'offerMaterials',
  'offerKnowledge',
  'forOrganization',
] as const;
export type OnboardingGoal = (typeof onboardingGoals)[number];

export const onboardingSteps = ['language', 'goal', 'about', 'paidWork'] as const;

/** The page after onboarding: tasks to find, an offer to write, or an organisation to register. */
export function nextPathFor(goal: OnboardingGoal): '/' | '/offers/new' | '/organizations/new' {
  if (goal === 'findTasks') return '/';
  if (goal === 'forOrganization') return '/organizations/new';
  return '/offers/new';
}
