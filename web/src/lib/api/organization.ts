import { api } from './client.ts';
import { Resource } from './resource.svelte.ts';

/** The organisation of the page at `/organizations/:id` (its profile and its edit page), loaded again when the id changes. */
export const organizationResource = (id: () => string) =>
  new Resource((organizationId: string) => api.organization(organizationId).then((r) => r.organization), id);
