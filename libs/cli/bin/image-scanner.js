#!/usr/bin/env node
// The installed command; it runs the compiled CLI (`npm run build` produces dist/).
import '../dist/main.js';
