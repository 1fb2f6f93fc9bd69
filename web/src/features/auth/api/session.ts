import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.js';
import type { BodyOf, Session } from '../../../lib/api-types.js';

export const sessionKeys = {
  all: ['session'] as const,
};

export const getSession = () => api.get<Session>('/session');

export const sessionQueryOptions = () => queryOptions({ queryKey: sessionKeys.all, queryFn: getSession, staleTime: 60_000, retry: false });

export const useSession = () => useQuery(sessionQueryOptions());

export type SignInBody = BodyOf<'/api/admin/session', 'post'>;

export const signIn = (body: SignInBody) => api.post<Session>('/session', body);

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    // A new admin: nothing cached for the previous one may show.
    onSuccess: (session) => {
      qc.clear();
      qc.setQueryData(sessionKeys.all, session);
    },
  });
}

export const signOut = () => api.delete('/session');

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: signOut, onSettled: () => qc.clear() });
}
