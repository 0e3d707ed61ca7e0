/** The header a helper sends to act for a person (without zod: the web app's request code sends it). */
export const ON_BEHALF_HEADER = 'x-on-behalf-of';
