/** Every query key of the connections feature (SCIM provisioning) comes from here. */
export const connectionKeys = {
  all: ['connections'] as const,
  list: () => [...connectionKeys.all, 'list'] as const,
  detail: (id: string) => [...connectionKeys.all, 'detail', id] as const,
  tokens: (id: string) => [...connectionKeys.all, 'tokens', id] as const,
  allTokens: () => [...connectionKeys.all, 'tokens'] as const,
  activity: (id: string) => [...connectionKeys.all, 'activity', id] as const,
};
