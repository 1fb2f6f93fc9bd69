import { queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client.js';
import type { DeliveryDetail, DeliveryPage, DeliveryStatus } from '../../../lib/api-types.js';
import { cursorPagedOptions } from '../../../lib/paging.js';
import { refreshEvery } from '../lib/webhook-status.js';
import { webhookKeys } from './keys.js';

export const getDeliveries = (id: string, status: DeliveryStatus | undefined, cursor?: string) =>
  api.get<DeliveryPage>(`/webhooks/${seg(id)}/deliveries`, { status, cursor, limit: 25 });
export const getDelivery = (deliveryId: string) => api.get<DeliveryDetail>(`/webhooks/deliveries/${seg(deliveryId)}`);

/** The delivery log, newest first; refreshed while open (retries and summaries move): every 5 s, every second while a delivery shown is about to change. */
export const deliveriesQueryOptions = (id: string, status?: DeliveryStatus) => {
  const options = cursorPagedOptions(webhookKeys.deliveries(id, status), (cursor) => getDeliveries(id, status, cursor));
  return { ...options, refetchInterval: (q: { state: { data?: { pages: DeliveryPage[] } } }) => refreshEvery(q.state.data?.pages.flatMap((p) => p.items) ?? []) };
};
export const deliveryQueryOptions = (deliveryId: string) =>
  queryOptions({ queryKey: webhookKeys.delivery(deliveryId), queryFn: () => getDelivery(deliveryId), refetchInterval: (q) => refreshEvery(q.state.data ? [q.state.data] : []) });

export const useDeliveries = (id: string, status?: DeliveryStatus) => useInfiniteQuery(deliveriesQueryOptions(id, status));
export const useDelivery = (deliveryId: string) => useQuery(deliveryQueryOptions(deliveryId));
