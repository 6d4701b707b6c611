/** Entry for workerd (a Cloudflare Worker module): answers the results as JSON. */
import { runServerChecks } from './checks.js';

export default {
  async fetch(): Promise<Response> {
    return Response.json(await runServerChecks());
  },
};
