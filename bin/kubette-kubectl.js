#!/usr/bin/env node
// The kubectl-compatible CLI on its own (as `kubette kubectl`), for shells, aliases and completion.
import { kubectl } from '../dist/src/cmd/kubectl.js';
process.exitCode = await kubectl(process.argv.slice(2));
