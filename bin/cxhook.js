#!/usr/bin/env node
// The `cxhook` executable: lets node load the TypeScript sources (tsx), then runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main();
