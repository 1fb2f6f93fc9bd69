import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client.js';
import type { Connection } from '../../../lib/api-types.js';
import { connectionKeys } from './keys.js';

export const getConnection = (id: string) => api.get<Connection>(`/connections/${seg(id)}`);

export const connectionQueryOptions = (id: string) => queryOptions({ queryKey: connectionKeys.detail(id), queryFn: () => getConnection(id) });

export const useConnection = (id: string) => useQuery(connectionQueryOptions(id));
