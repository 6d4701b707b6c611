/** Entry for Bun and Deno: prints the results as one JSON line. */
import { runServerChecks } from './checks.js';

console.log(JSON.stringify(await runServerChecks()));
