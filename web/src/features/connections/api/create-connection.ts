import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.js';
import type { Connection, CreateConnectionBody } from '../../../lib/api-types.js';
import { connectionKeys } from './keys.js';

export const createConnection = (body: CreateConnectionBody) => api.post<Connection>('/connections', body);

export function useCreateConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: createConnection,
    onSuccess: (c) => {
      qc.setQueryData(connectionKeys.detail(c.id), c);
      return qc.invalidateQueries({ queryKey: connectionKeys.list() });
    },
  });
}
