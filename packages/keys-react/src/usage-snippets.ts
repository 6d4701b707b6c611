/** One tab of the "use your key" examples in the View dialog. */
export interface UsageSnippet {
  /** Stable id, e.g. `curl`. */
  id: string;
  /** Tab label, e.g. `cURL`. */
  label: string;
  /** The snippet with `key` filled in (the dialog passes a masked key while it is hidden). */
  code: (key: string) => string;
}

/** Options of `createUsageSnippets`. */
export interface UsageSnippetsOptions {
  /** The API origin. @default 'https://api.us.babysea.ai' */
  baseUrl?: string;
  /** The route the examples call. @default '/v1/generate/image/bfl/flux-schnell' */
  path?: string;
  /** The environment variable the SDK example reads. @default 'BABYSEA_API_KEY' */
  envVar?: string;
}

/**
 * The cURL, TypeScript and Python examples of BabySea's "Create an API key" page, pointed at
 * your API. Pass the result (or your own list) as `snippets` to `ViewApiKeyDialog`.
 *
 * @example
 * ```tsx
 * <ApiKeysPage client={client} snippets={createUsageSnippets({ baseUrl: 'https://api.example.com' })} />
 * ```
 */
export function createUsageSnippets(options: UsageSnippetsOptions = {}): UsageSnippet[] {
  const base = (options.baseUrl ?? 'https://api.us.babysea.ai').replace(/\/+$/, '');
  const url = base + (options.path ?? '/v1/generate/image/bfl/flux-schnell');
  const env = options.envVar ?? 'BABYSEA_API_KEY';
  const body = '{"generation_prompt": "A baby seal on a sunny beach"}';
  return [
    {
      id: 'curl',
      label: 'cURL',
      code: (key) =>
        `curl -X POST ${url} \\\n  -H "Authorization: Bearer ${key}" \\\n  -H "Content-Type: application/json" \\\n  -d '${body}'`,
    },
    {
      id: 'typescript',
      label: 'TypeScript',
      code: (key) =>
        `// .env (keep it out of version control)\n// ${env}=${key}\n\nconst response = await fetch('${url}', {\n  method: 'POST',\n  headers: {\n    Authorization: \`Bearer \${process.env.${env}}\`,\n    'Content-Type': 'application/json',\n  },\n  body: JSON.stringify({ generation_prompt: 'A baby seal on a sunny beach' }),\n});\nconsole.log(await response.json());`,
    },
    {
      id: 'python',
      label: 'Python',
      code: (key) =>
        `import requests\n\nresponse = requests.post(\n    "${url}",\n    headers={\n        "Authorization": "Bearer ${key}",\n        "Content-Type": "application/json",\n    },\n    json={"generation_prompt": "A baby seal on a sunny beach"},\n)\nprint(response.json())`,
    },
  ];
}
