#!/usr/bin/env node
// SuppLens command-line entry point (package.json "bin"). Runs the TypeScript CLI in
// platform/node/cli/main.ts in-process through tsx's loader, resolved from this package, so it works from any
// working directory after `npm ci`. See platform/node/cli/main.ts for commands and output formats.
import { register } from 'tsx/esm/api';

process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
register();
const { main } = await import(new URL('../platform/node/cli/main.ts', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
