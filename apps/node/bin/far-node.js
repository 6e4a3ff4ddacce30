#!/usr/bin/env node
// Runs the TypeScript CLI in this same process through tsx's loader: no build step, and signals
// reach the agent directly (a child process would see a terminal's Ctrl-C twice).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
