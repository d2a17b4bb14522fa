// Validators generated at build time. In the sources this is empty and the validators are compiled
// at run time, just after the first call (compiled.ts); `npm run build` (tools/build.ts) replaces
// this module with ajv's standalone code for both, so a deployed bundle starts without ajv and
// answers its first call on the fast path.
import type { Validate } from './compiled.ts';

export const PRECOMPILED: { webhookRequest?: Validate; webhookResponse?: Validate } = {};
