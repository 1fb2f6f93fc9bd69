# syntax=docker/dockerfile:1
# One image, two entry points: the scim service (default) and the dispatcher
# (`command: ["node", "services/dispatcher/dist/main.js"]` in docker-compose.yml).

ARG NODE_VERSION=20.19
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
ENV PNPM="npx --yes pnpm@12.4.2"
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json tsconfig.json ./
COPY services/db/package.json services/db/
COPY services/scim/package.json services/scim/
COPY services/dispatcher/package.json services/dispatcher/
COPY web/package.json web/
RUN $PNPM install --frozen-lockfile
COPY services services
COPY web web
COPY migrations migrations
RUN $PNPM run build
# Production dependencies only, in a fresh tree (embedded PostgreSQL is not needed: compose
# always sets DATABASE_URL, but it ships with @scim/db and is harmless).
RUN rm -rf node_modules services/*/node_modules web/node_modules \
 && $PNPM install --frozen-lockfile --prod --filter @scim/scim... --filter @scim/dispatcher...

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/pnpm-workspace.yaml ./
COPY --from=build --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/services/db/package.json services/db/package.json
COPY --from=build --chown=node:node /app/services/db/dist services/db/dist
COPY --from=build --chown=node:node /app/services/db/node_modules services/db/node_modules
COPY --from=build --chown=node:node /app/services/scim/package.json services/scim/package.json
COPY --from=build --chown=node:node /app/services/scim/dist services/scim/dist
COPY --from=build --chown=node:node /app/services/scim/node_modules services/scim/node_modules
COPY --from=build --chown=node:node /app/services/dispatcher/package.json services/dispatcher/package.json
COPY --from=build --chown=node:node /app/services/dispatcher/dist services/dispatcher/dist
COPY --from=build --chown=node:node /app/services/dispatcher/node_modules services/dispatcher/node_modules
COPY --from=build --chown=node:node /app/web/dist web/dist
COPY --from=build --chown=node:node /app/migrations migrations
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "services/scim/dist/server.js"]
