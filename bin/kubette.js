#!/usr/bin/env node
// Thin launcher: the compiled entry point lives in dist/ (built by `npm install` via the prepare script).
import '../dist/src/cmd/kubette.js';
