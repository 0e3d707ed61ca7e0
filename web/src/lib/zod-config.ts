import { z } from 'zod';

// zod compiles fast object parsers with `new Function`, which our CSP (script-src 'self') forbids:
// its probe alone reports a violation. Imported first in main.ts, before any schema is built.
z.config({ jitless: true });
