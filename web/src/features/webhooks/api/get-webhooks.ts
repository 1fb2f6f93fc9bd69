import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client.js';
import type { Webhook, WebhookEventTypes } from '../../../lib/api-types.js';
import { webhookKeys } from './keys.js';

export const getWebhooks = () => api.get<{ items: Webhook[] }>('/webhooks');
export const getWebhook = (id: string) => api.get<Webhook>(`/webhooks/${seg(id)}`);
export const getEventTypes = () => api.get<WebhookEventTypes>('/webhooks/event-types');

/** Counters (pending, dead letters, last success) move while the page is open: refreshed every 15 s. */
export const webhooksQueryOptions = () => queryOptions({ queryKey: webhookKeys.list(), queryFn: getWebhooks, select: (d) => d.items, refetchInterval: 15_000 });
export const webhookQueryOptions = (id: string) => queryOptions({ queryKey: webhookKeys.detail(id), queryFn: () => getWebhook(id), refetchInterval: 15_000 });
export const eventTypesQueryOptions = () => queryOptions({ queryKey: webhookKeys.eventTypes(), queryFn: getEventTypes, staleTime: Infinity });

export const useWebhooks = () => useQuery(webhooksQueryOptions());
export const useWebhook = (id: string) => useQuery(webhookQueryOptions(id));
export const useEventTypes = () => useQuery(eventTypesQueryOptions());
