#!/usr/bin/env node
// Launcher: registers the TypeScript loader (tsx) and hands over to the CLI.
// Kept in plain JS so `npx alliance` works straight after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
await main(process.argv.slice(2));
