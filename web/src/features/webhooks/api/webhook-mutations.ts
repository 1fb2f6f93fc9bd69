import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client.js';
import type { CreateWebhookBody, CreatedWebhook, Replayed, RotatedWebhook, UpdateWebhookBody, Webhook, WebhookTestResult } from '../../../lib/api-types.js';
import { webhookKeys } from './keys.js';

/** A subscription changed: its detail is what the server answered, the list is stale. */
function saved(qc: QueryClient, w: Webhook) {
  qc.setQueryData(webhookKeys.detail(w.id), w);
  return qc.invalidateQueries({ queryKey: webhookKeys.list() });
}

export const createWebhook = (body: CreateWebhookBody) => api.post<CreatedWebhook>('/webhooks', body);
export function useCreateWebhook() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createWebhook, onSuccess: (r) => saved(qc, r.subscription) });
}

export const updateWebhook = ({ id, ...body }: UpdateWebhookBody & { id: string }) => api.patch<Webhook>(`/webhooks/${seg(id)}`, body);
export function useUpdateWebhook() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: updateWebhook, onSuccess: (w) => saved(qc, w) });
}

export const removeWebhook = (id: string) => api.delete(`/webhooks/${seg(id)}`);
export function useRemoveWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: removeWebhook,
    // Its page is still mounted until the caller navigates away: dropping its queries here
    // would refetch them into a 404; they age out of the cache instead.
    onSuccess: () => qc.invalidateQueries({ queryKey: webhookKeys.list() }),
  });
}

export const rotateSecret = ({ id, overlapHours }: { id: string; overlapHours: number }) => api.post<RotatedWebhook>(`/webhooks/${seg(id)}/rotate-secret`, { overlapHours });
export function useRotateSecret() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: rotateSecret, onSuccess: (r) => saved(qc, r.subscription) });
}

/** Sent now by the server, answered with the receiver's reply: the log and counters move. */
export const testWebhook = (id: string) => api.post<WebhookTestResult>(`/webhooks/${seg(id)}/test`, {});
export function useTestWebhook() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: testWebhook,
    onSuccess: (r) => {
      qc.setQueryData(webhookKeys.delivery(r.delivery.id), r.delivery);
      return Promise.all([
        qc.invalidateQueries({ queryKey: webhookKeys.allDeliveries(r.delivery.subscriptionId) }),
        qc.invalidateQueries({ queryKey: webhookKeys.detail(r.delivery.subscriptionId) }),
        qc.invalidateQueries({ queryKey: webhookKeys.list() }),
      ]);
    },
  });
}

export const replayDelivery = (deliveryId: string) => api.post<Replayed>(`/webhooks/deliveries/${seg(deliveryId)}/replay`, {});
export function useReplayDelivery() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: replayDelivery,
    onSuccess: (r) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: webhookKeys.delivery(r.delivery.id) }),
        qc.invalidateQueries({ queryKey: webhookKeys.allDeliveries(r.delivery.subscriptionId) }),
        qc.invalidateQueries({ queryKey: webhookKeys.detail(r.delivery.subscriptionId) }),
      ]),
  });
}
