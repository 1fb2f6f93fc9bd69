import type { DeliveryStatus } from '../../../lib/api-types.js';

/** Every query key of the webhooks feature (System Webhooks) comes from here. */
export const webhookKeys = {
  all: ['webhooks'] as const,
  list: () => [...webhookKeys.all, 'list'] as const,
  detail: (id: string) => [...webhookKeys.all, 'detail', id] as const,
  eventTypes: () => [...webhookKeys.all, 'event-types'] as const,
  deliveries: (id: string, status?: DeliveryStatus) => [...webhookKeys.all, 'deliveries', id, status ?? 'all'] as const,
  allDeliveries: (id: string) => [...webhookKeys.all, 'deliveries', id] as const,
  delivery: (deliveryId: string) => [...webhookKeys.all, 'delivery', deliveryId] as const,
};
