import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    memory: 'src/memory.ts',
    testing: 'src/testing.ts',
    http: 'src/http/index.ts',
    hono: 'src/http/hono.ts',
    express: 'src/http/express.ts',
    fastify: 'src/http/fastify.ts',
  },
  format: 'esm',
  dts: true,
  platform: 'neutral',
  target: 'es2022',
  external: ['vitest', 'fast-check', 'hono', 'express', 'fastify'],
});
