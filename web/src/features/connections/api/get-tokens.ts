import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client.js';
import type { Token } from '../../../lib/api-types.js';
import { connectionKeys } from './keys.js';

type TokenList = { items: Token[] };

export const getConnectionTokens = (id: string) => api.get<TokenList>(`/connections/${seg(id)}/tokens`);
export const getAllTokens = () => api.get<TokenList>('/tokens');

export const connectionTokensQueryOptions = (id: string) =>
  queryOptions({ queryKey: connectionKeys.tokens(id), queryFn: () => getConnectionTokens(id), select: (d) => d.items });
export const allTokensQueryOptions = () => queryOptions({ queryKey: connectionKeys.allTokens(), queryFn: getAllTokens, select: (d) => d.items });

export const useConnectionTokens = (id: string) => useQuery(connectionTokensQueryOptions(id));
export const useAllTokens = () => useQuery(allTokensQueryOptions());
