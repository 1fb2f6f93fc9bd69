import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.js';
import type { ConnectionList } from '../../../lib/api-types.js';
import { connectionKeys } from './keys.js';

export const getConnections = () => api.get<ConnectionList>('/connections');

export const connectionsQueryOptions = () => queryOptions({ queryKey: connectionKeys.list(), queryFn: getConnections });

export const useConnections = () => useQuery(connectionsQueryOptions());
