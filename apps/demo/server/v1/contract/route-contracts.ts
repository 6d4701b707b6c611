/**
 * Every route of the scope table (PRODUCT.md §4) with the response BabySea's SDK declares for
 * it: the schema its success answer must match. The contract test walks this table for each
 * preset; a route added to the table without a contract here fails that test.
 */
import type { z } from 'zod';
import {
  AccountData,
  apiResponse,
  BillingData,
  EstimateData,
  Generation,
  GenerationCancelData,
  GenerationData,
  GenerationDeleteData,
  GenerationListData,
  HealthCacheData,
  HealthModelsData,
  HealthProvidersData,
  HealthStorageData,
  LibraryModelsData,
  LibraryProvidersData,
  paginatedResponse,
  StatusData,
  UsageData,
} from './sdk-schemas.js';

/** One route and the schema of its success answer. */
export interface RouteContract {
  method: 'GET' | 'POST' | 'DELETE';
  /** The route as the scope table writes it. */
  route: string;
  /** The SDK method that calls it. */
  sdkMethod: string;
  response: z.ZodType;
}

/** The contracts, in the order of the scope table. */
export const ROUTE_CONTRACTS: readonly RouteContract[] = [
  {
    method: 'POST',
    route: '/v1/generate/image/{model_identifier}',
    sdkMethod: 'generate',
    response: apiResponse(GenerationData),
  },
  {
    method: 'POST',
    route: '/v1/generate/video/{model_identifier}',
    sdkMethod: 'generate',
    response: apiResponse(GenerationData),
  },
  {
    method: 'GET',
    route: '/v1/content/{generation_id}',
    sdkMethod: 'getGeneration',
    response: apiResponse(Generation),
  },
  {
    method: 'GET',
    route: '/v1/content/list',
    sdkMethod: 'listGenerations',
    response: paginatedResponse(GenerationListData),
  },
  {
    method: 'DELETE',
    route: '/v1/content/{generation_id}',
    sdkMethod: 'deleteGeneration',
    response: apiResponse(GenerationDeleteData),
  },
  {
    method: 'POST',
    route: '/v1/content/generation/cancel/{generation_id}',
    sdkMethod: 'cancelGeneration',
    response: apiResponse(GenerationCancelData),
  },
  { method: 'GET', route: '/v1/status', sdkMethod: 'status', response: apiResponse(StatusData) },
  { method: 'GET', route: '/v1/usage', sdkMethod: 'usage', response: apiResponse(UsageData) },
  {
    method: 'GET',
    route: '/v1/user/account',
    sdkMethod: 'account',
    response: apiResponse(AccountData),
  },
  {
    method: 'GET',
    route: '/v1/user/billing',
    sdkMethod: 'billing',
    response: apiResponse(BillingData),
  },
  {
    method: 'GET',
    route: '/v1/health/inference/providers',
    sdkMethod: 'health.providers',
    response: apiResponse(HealthProvidersData),
  },
  {
    method: 'GET',
    route: '/v1/health/inference/models',
    sdkMethod: 'health.models',
    response: apiResponse(HealthModelsData),
  },
  {
    method: 'GET',
    route: '/v1/health/storage',
    sdkMethod: 'health.storage',
    response: apiResponse(HealthStorageData),
  },
  {
    method: 'GET',
    route: '/v1/health/cache',
    sdkMethod: 'health.cache',
    response: apiResponse(HealthCacheData),
  },
  {
    method: 'GET',
    route: '/v1/library/providers',
    sdkMethod: 'library.providers',
    response: apiResponse(LibraryProvidersData),
  },
  {
    method: 'GET',
    route: '/v1/library/models',
    sdkMethod: 'library.models',
    response: apiResponse(LibraryModelsData),
  },
  {
    method: 'GET',
    route: '/v1/estimate/{model_identifier}',
    sdkMethod: 'estimate',
    response: apiResponse(EstimateData),
  },
];
