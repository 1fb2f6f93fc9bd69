import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client.js';
import type { MintTokenBody, MintedToken, RotateTokenBody, Rotation, Token } from '../../../lib/api-types.js';
import { connectionKeys } from './keys.js';

/** What a token change touches: its connection's token list and counts, the lists of all tokens and connections. */
function invalidateTokens(qc: QueryClient, connectionId: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: connectionKeys.allTokens() }),
    qc.invalidateQueries({ queryKey: connectionKeys.detail(connectionId) }),
    qc.invalidateQueries({ queryKey: connectionKeys.list() }),
  ]);
}

export const mintToken = ({ connectionId, ...body }: MintTokenBody & { connectionId: string }) => api.post<MintedToken>(`/connections/${seg(connectionId)}/tokens`, body);

export function useMintToken() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: mintToken, onSuccess: (t) => invalidateTokens(qc, t.connectionId) });
}

export const revokeToken = (id: string) => api.post<Token>(`/tokens/${seg(id)}/revoke`, {});

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: revokeToken, onSuccess: (t) => invalidateTokens(qc, t.connectionId) });
}

export const rotateToken = ({ id, ...body }: RotateTokenBody & { id: string }) => api.post<Rotation>(`/tokens/${seg(id)}/rotate`, body);

export function useRotateToken() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: rotateToken, onSuccess: (r) => invalidateTokens(qc, r.token.connectionId) });
}
