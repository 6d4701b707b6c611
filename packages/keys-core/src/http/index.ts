/**
 * `@babysea/keys-core/http`: the fetch-style guard for your API routes and the management
 * handler for your dashboard. Framework middlewares live in `@babysea/keys-core/hono`,
 * `/express` and `/fastify`.
 */

export {
  type ConnInfo,
  type ForwardedHeader,
  type ForwardingHeaders,
  type GetClientIp,
  resolveClientIp,
  socketPeer,
  type TrustProxiesOptions,
  trustProxies,
} from './client-ip.js';
export {
  denialAnswer,
  errorAnswer,
  type HttpAnswer,
  newRequestId,
  RETRY_AFTER_SECONDS,
  rateLimitHeaders,
  successAnswer,
  thrownAnswer,
  toResponse,
} from './envelope.js';
export {
  createKeysGuard,
  type KeysBindingOptions,
  type KeysGuard,
  type KeysGuardOptions,
  type KeysGuardResult,
  withHeaders,
  withRequestId,
} from './guard.js';
export {
  createKeysHandler,
  type KeysHandler,
  type KeysHandlerOptions,
  type ResolvedActor,
} from './handler.js';
export { MAX_BODY_BYTES } from './handler-input.js';
export {
  type NodeRequestLike,
  type NodeResponseLike,
  sendFetchResponse,
  toFetchRequest,
  toNodeHandler,
} from './node-handler.js';
export {
  createOpenApiDocument,
  guardRefusalsOpenApi,
  MANAGEMENT_ROUTES,
  type ManagementRoute,
  type OpenApiOptions,
} from './openapi.js';
export { foldMappedIPv4, splitUrl } from './request-input.js';
export type {
  AccountLogsParams,
  CreatedApiKey,
  CreateKeyRequest,
  ErrorEnvelope,
  ErrorPayload,
  KeyPage,
  KeyPageParams,
  KeysClient,
  LogPage,
  PageOptions,
  PresetsInfo,
  RotatedApiKey,
  RotateKeyRequest,
  SuccessEnvelope,
  UpdateKeyRequest,
} from './wire.js';
export { type JsonSchema, WIRE_SCHEMAS } from './wire-schemas.js';
