import { isServer, QueryClient } from "@tanstack/react-query";
import { ApiError } from "./api-error";

function shouldRetry(failureCount: number, error: unknown): boolean {
  // 4xx answers will not change by asking again; network blips and 5xx might.
  if (error instanceof ApiError && error.status > 0 && error.status < 500) return false;
  return failureCount < 2;
}

function makeQueryClient() {
  return new QueryClient({ defaultOptions: { queries: { retry: shouldRetry, refetchOnWindowFocus: false }, mutations: { retry: false } } });
}

let browserClient: QueryClient | undefined;

/**
 * One client per browser tab, shared by every island that uses react-query (the header, the gallery, the
 * home page's result view), so they see one cache. On the server a fresh one per render: never shared
 * between requests.
 */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserClient ??= makeQueryClient();
  return browserClient;
}
