import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client.js';
import type { TestResult } from '../../../lib/api-types.js';
import { connectionKeys } from './keys.js';

/** Runs the server-side connection test with a token the admin holds (only its hash is stored). */
export const testConnection = ({ id, token }: { id: string; token: string }) => api.post<TestResult>(`/connections/${seg(id)}/test`, { token });

export function useTestConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: testConnection,
    // The test's answer carries the activity as it was before the test ran, and the test's own
    // requests count too: refetch it (the server flushes its counters first). The token's
    // "last used" moved, so the token list is stale.
    onSuccess: (r) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: connectionKeys.activity(r.connection.id) }),
        qc.invalidateQueries({ queryKey: connectionKeys.tokens(r.connection.id) }),
      ]),
  });
}
