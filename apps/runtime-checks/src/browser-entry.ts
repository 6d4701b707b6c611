/** Entry for Chromium: publishes the results on `window`. */
import { runBrowserChecks } from './checks.js';

(globalThis as { __checks?: Promise<unknown> }).__checks = runBrowserChecks();
