import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, seg } from '../../../lib/api-client.js';
import type { Group, MembersChange } from '../../../lib/api-types.js';
import { groupKeys } from './keys.js';

export const createGroup = (displayName: string) => api.post<Group>('/groups', { displayName });

export function useCreateGroup() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createGroup, onSuccess: () => qc.invalidateQueries({ queryKey: groupKeys.lists() }) });
}

export const renameGroup = ({ id, displayName }: { id: string; displayName: string }) => api.patch<Group>(`/groups/${seg(id)}`, { displayName });

export function useRenameGroup() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: renameGroup,
    onSuccess: (g) => Promise.all([qc.invalidateQueries({ queryKey: groupKeys.detail(g.id) }), qc.invalidateQueries({ queryKey: groupKeys.lists() })]),
  });
}

export const deleteGroup = (id: string) => api.delete(`/groups/${seg(id)}`);

/** `invalidateUsers`: members' group lists change too (owned by the users feature). */
export function useDeleteGroup(invalidateUsers: () => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: deleteGroup,
    onSuccess: (_, id) => {
      qc.removeQueries({ queryKey: groupKeys.detail(id) });
      return Promise.all([qc.invalidateQueries({ queryKey: groupKeys.lists() }), invalidateUsers()]);
    },
  });
}

export const changeMembers = ({ id, ...change }: MembersChange & { id: string }) => api.post<{ added: string[]; removed: string[] }>(`/groups/${seg(id)}/members`, change);

export function useChangeMembers(invalidateUsers: () => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: changeMembers,
    onSuccess: (_, v) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: groupKeys.members(v.id) }),
        qc.invalidateQueries({ queryKey: groupKeys.detail(v.id) }),
        qc.invalidateQueries({ queryKey: groupKeys.lists() }),
        invalidateUsers(),
      ]),
  });
}
