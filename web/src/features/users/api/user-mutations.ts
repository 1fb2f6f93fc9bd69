import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client.js';
import type { CreateUserBody, UpdateUserBody, User } from '../../../lib/api-types.js';
import { userKeys } from './keys.js';

export const createUser = (body: CreateUserBody) => api.post<User>('/users', body);

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createUser, onSuccess: () => qc.invalidateQueries({ queryKey: userKeys.lists() }) });
}

export const updateUser = ({ id, ...body }: UpdateUserBody & { id: string }) => api.patch<User>(`/users/${seg(id)}`, body);

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: updateUser,
    onSuccess: (u) => Promise.all([qc.invalidateQueries({ queryKey: userKeys.detail(u.id) }), qc.invalidateQueries({ queryKey: userKeys.lists() })]),
  });
}

export const setUserPassword = ({ id, password }: { id: string; password: string }) => api.post<void>(`/users/${seg(id)}/password`, { password });

export function useSetUserPassword() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: setUserPassword, onSuccess: (_, v) => qc.invalidateQueries({ queryKey: userKeys.detail(v.id) }) });
}

export const deleteUser = (id: string) => api.delete(`/users/${seg(id)}`);

/** A deleted user leaves every group: group member lists and counts change too. */
export function useDeleteUser(invalidateGroups: () => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: deleteUser,
    onSuccess: (_, id) => {
      qc.removeQueries({ queryKey: userKeys.detail(id) });
      return Promise.all([qc.invalidateQueries({ queryKey: userKeys.lists() }), invalidateGroups()]);
    },
  });
}
