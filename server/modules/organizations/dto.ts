import type { Organization } from '../../../shared/schemas/organizations.ts';
import type { AppContext } from '../../context.ts';
import type * as repo from './repository.ts';

/** An organisation row → the API's Organization (PC4 only, place from the postcode directory). */
export function toOrganizationDto(ctx: AppContext, row: NonNullable<repo.OrganizationWithCount>): Organization {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    description: row.description,
    postcode: row.postcode.slice(0, 4),
    place: ctx.postcodes.lookup(row.postcode)?.place ?? '',
    domains: JSON.parse(row.domains) as Organization['domains'],
    kvkNumber: row.kvk_number,
    volunteerDeclarationDate: row.volunteer_declaration_date,
    verified: row.verified_at !== null,
    allowRoundInvitations: row.round_invites_allowed === 1,
    volunteers: row.volunteers,
    paidStaff: row.paid_staff,
    peopleReachedPerYear: row.people_reached_per_year,
    incomeMix: row.income_mix ? (JSON.parse(row.income_mix) as Organization['incomeMix']) : null,
    mainFunders: row.main_funders ? (JSON.parse(row.main_funders) as Organization['mainFunders']) : null,
    lifePhase: row.life_phase as Organization['lifePhase'],
    currentNeeds: row.current_needs ? (JSON.parse(row.current_needs) as Organization['currentNeeds']) : null,
    memberCount: Number(row.member_count ?? 0),
    createdAt: row.created_at,
  };
}
