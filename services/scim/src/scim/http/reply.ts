import type { FastifyReply } from 'fastify';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';

/** Every SCIM response body goes out as application/scim+json (RFC 7644 §3.1, §8.1). */
export function sendScim(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).header('content-type', SCIM_CONTENT_TYPE).send(JSON.stringify(body));
}

/** Parses If-Match / If-None-Match lists: `*`, or weak/strong tags (the weakness is ignored). */
export function matchesEtag(header: string | undefined, version: number): boolean | undefined {
  if (header === undefined) return undefined;
  const tags = header.split(',').map((t) => t.trim());
  if (tags.includes('*')) return true;
  return tags.some((t) => t.replace(/^W\//, '') === `"${version}"`);
}
