import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api-client.js';

/**
 * react-query owns all server state. A 4xx is an answer, not a glitch: retried never; network
 * errors and 5xx twice. No refetch on window focus (admins switch to the IdP and back a lot).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      },
      mutations: { retry: false },
    },
  });
}
