import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client.js';
import type { Activity } from '../../../lib/api-types.js';
import { connectionKeys } from './keys.js';

export const getActivity = (id: string) => api.get<Activity>(`/connections/${seg(id)}/activity`);

/** The IdP's real traffic; refreshed every 30 s while the page is open. */
export const activityQueryOptions = (id: string) => queryOptions({ queryKey: connectionKeys.activity(id), queryFn: () => getActivity(id), refetchInterval: 30_000 });

export const useActivity = (id: string) => useQuery(activityQueryOptions(id));
