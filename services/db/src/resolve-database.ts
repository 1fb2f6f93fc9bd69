import { startEmbedded, type EmbeddedServer } from './embedded.js';

export interface ResolvedDatabase {
  url: string;
  embedded?: EmbeddedServer;
  /** Stops the embedded server if this process owns it. */
  release(): Promise<void>;
}

/**
 * DATABASE_URL wins; without it, the embedded server under DATA_DIR (started, or attached to
 * when another process of ours already runs it).
 */
export async function resolveDatabase(opts: {
  databaseUrl?: string;
  dataDir: string;
  role: 'server' | 'client';
  log?: (msg: string) => void;
}): Promise<ResolvedDatabase> {
  if (opts.databaseUrl) return { url: opts.databaseUrl, release: async () => {} };
  const embedded = await startEmbedded({ dataDir: opts.dataDir, role: opts.role, log: opts.log });
  return { url: embedded.url, embedded, release: () => embedded.stop() };
}
