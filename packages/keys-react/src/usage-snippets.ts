/** What a snippet may know about the key besides its secret. */
export interface UsageSnippetContext {
  /** The key's scopes: the examples then call a route the key may call. */
  scopes?: readonly string[];
}

/** One tab of the "use your key" examples in the View dialog. */
export interface UsageSnippet {
  /** Stable id, e.g. `curl`. */
  id: string;
  /** Tab label, e.g. `cURL`. */
  label: string;
  /** The snippet with `key` filled in (the dialog passes a masked key while it is hidden). */
  code: (key: string, context?: UsageSnippetContext) => string;
}

/** Options of `createUsageSnippets`. */
export interface UsageSnippetsOptions {
  /** The API origin. @default 'https://api.us.babysea.ai' (the SDK then uses `region: 'us'`) */
  baseUrl?: string;
  /**
   * A comment put after `baseUrl` in the TypeScript example, saying what the origin is (e.g.
   * "this demo's stand-in for BabySea's API"). @default none
   */
  baseUrlNote?: string;
  /**
   * The route the cURL and Python examples call. @default the first route the key's scopes
   * allow (see {@link sdkCallForScopes}), `POST /v1/generate/image/bfl/flux-schnell` when the
   * scopes are not known
   */
  path?: string;
  /** The environment variable the SDK example reads. @default 'BABYSEA_API_KEY' */
  envVar?: string;
}

/** One call of BabySea's API, as cURL/Python (method, path) and as BabySea's SDK. */
export interface SdkCall {
  /** The scope the route needs. */
  scope: string;
  method: 'GET' | 'POST';
  path: string;
  /** The JSON body, for a POST. */
  body?: Record<string, string>;
  /** The SDK call, e.g. `client.status()`. */
  sdk: string;
}

const PROMPT = 'A baby seal on a sunny beach';

/** The example call for each scope, the seed page's `generate` first. */
export const SDK_CALLS: readonly SdkCall[] = [
  {
    scope: 'generation:write',
    method: 'POST',
    path: '/v1/generate/image/bfl/flux-schnell',
    body: { generation_prompt: PROMPT },
    sdk: `client.generate('bfl/flux-schnell', {\n  generation_prompt: '${PROMPT}',\n})`,
  },
  { scope: 'account:read', method: 'GET', path: '/v1/status', sdk: 'client.status()' },
  {
    scope: 'generation:read',
    method: 'GET',
    path: '/v1/content/list',
    sdk: 'client.listGenerations()',
  },
  {
    scope: 'health:read',
    method: 'GET',
    path: '/v1/health/inference/providers',
    sdk: 'client.health.providers()',
  },
  {
    scope: 'library:read',
    method: 'GET',
    path: '/v1/library/models',
    sdk: 'client.library.models()',
  },
];

/**
 * The example call for a key with `scopes`: the first of {@link SDK_CALLS} they allow, so the
 * example works as written. Unknown scopes (or none allowed) give the first, `generate`.
 */
export function sdkCallForScopes(scopes?: readonly string[]): SdkCall {
  const first = SDK_CALLS[0] as SdkCall;
  if (!scopes) return first;
  return SDK_CALLS.find((call) => scopes.includes(call.scope)) ?? first;
}

const DEFAULT_BASE_URL = 'https://api.us.babysea.ai';

/**
 * The cURL, TypeScript and Python examples of BabySea's "Create an API key" page, pointed at
 * your API and calling a route the key's scopes allow. The TypeScript tab uses BabySea's SDK
 * (`babysea`), with `baseUrl` when it is not BabySea's own API. Pass the result (or your own
 * list) as `snippets` to `ViewApiKeyDialog` or `ApiKeysPage`.
 *
 * @example
 * ```tsx
 * <ApiKeysPage client={client} snippets={createUsageSnippets({ baseUrl: 'https://api.example.com' })} />
 * ```
 */
export function createUsageSnippets(options: UsageSnippetsOptions = {}): UsageSnippet[] {
  const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const env = options.envVar ?? 'BABYSEA_API_KEY';
  const http = (context?: UsageSnippetContext) => {
    const call = sdkCallForScopes(context?.scopes);
    if (options.path === undefined) return { ...call, url: base + call.path };
    const post = options.path.startsWith('/v1/generate/');
    return {
      method: post ? ('POST' as const) : ('GET' as const),
      url: base + options.path,
      body: post ? { generation_prompt: PROMPT } : undefined,
    };
  };
  const target =
    base === DEFAULT_BASE_URL
      ? `  region: 'us',`
      : `  baseUrl: '${base}',${options.baseUrlNote ? ` // ${options.baseUrlNote}` : ''}`;
  return [
    {
      id: 'curl',
      label: 'cURL',
      code: (key, context) => {
        const { method, url, body } = http(context);
        const lines = [
          `curl${method === 'POST' ? ' -X POST' : ''} ${url}`,
          `  -H "Authorization: Bearer ${key}"`,
          ...(body
            ? ['  -H "Content-Type: application/json"', `  -d '${JSON.stringify(body)}'`]
            : []),
        ];
        return lines.join(' \\\n');
      },
    },
    {
      id: 'typescript',
      label: 'TypeScript',
      code: (key, context) =>
        [
          "import { BabySea } from 'babysea';",
          '',
          '// .env (keep it out of version control)',
          `// ${env}=${key}`,
          '',
          'const client = new BabySea({',
          `  apiKey: process.env.${env}!,`,
          target,
          '});',
          '',
          `const result = await ${sdkCallForScopes(context?.scopes).sdk};`,
          'console.log(result.data);',
        ].join('\n'),
    },
    {
      id: 'python',
      label: 'Python',
      code: (key, context) => {
        const { method, url, body } = http(context);
        return [
          'import requests',
          '',
          `response = requests.${method === 'POST' ? 'post' : 'get'}(`,
          `    "${url}",`,
          '    headers={',
          `        "Authorization": "Bearer ${key}",`,
          ...(body ? ['        "Content-Type": "application/json",'] : []),
          '    },',
          ...(body ? [`    json=${JSON.stringify(body).replace(/":"/g, '": "')},`] : []),
          ')',
          'print(response.json())',
        ].join('\n');
      },
    },
  ];
}
