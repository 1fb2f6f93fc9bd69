# One image, two entry points: the scim service (the default CMD) and the dispatcher
# (docker-compose.yml: `command: ["node", "services/dispatcher/dist/main.js"]`).
# Builds with BuildKit (the default builder since Docker 23; DOCKER_BUILDKIT=1 on 20.10), which
# the pnpm store cache mounts below need.

# Node 24 LTS, pinned (the versions CI tests are listed in the README).
ARG NODE_VERSION=24.22.3

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
ENV PNPM="npx --yes pnpm@12.4.2"
# Manifests first: the dependency layer is rebuilt only when they change.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json tsconfig.json ./
COPY services/db/package.json services/db/
COPY services/scim/package.json services/scim/
COPY services/dispatcher/package.json services/dispatcher/
COPY web/package.json web/
RUN --mount=type=cache,id=scim-npm,target=/root/.npm \
    --mount=type=cache,id=scim-pnpm-store,target=/pnpm-store \
    $PNPM install --frozen-lockfile --store-dir /pnpm-store
COPY migrations migrations
COPY services services
COPY web web
RUN $PNPM run build
# Production dependencies only, in a fresh tree: no TypeScript, tap, Vite or other dev
# dependencies, and no embedded PostgreSQL (a dev dependency of @scim/db: the image always
# connects to DATABASE_URL and says so in one line when it is missing).
RUN --mount=type=cache,id=scim-npm,target=/root/.npm \
    --mount=type=cache,id=scim-pnpm-store,target=/pnpm-store \
    rm -rf node_modules services/*/node_modules web/node_modules \
 && $PNPM install --frozen-lockfile --prod --store-dir /pnpm-store \
      --filter @scim/scim... --filter @scim/dispatcher...

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 DATA_DIR=/data
WORKDIR /app
# Code and node_modules stay owned by root and read-only to the service user (`node`): a
# compromised process cannot rewrite what runs next. Only DATA_DIR (/data) is its own.
COPY --from=build /app/package.json /app/pnpm-workspace.yaml ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/migrations migrations
COPY --from=build /app/services/db/package.json services/db/package.json
COPY --from=build /app/services/db/dist services/db/dist
COPY --from=build /app/services/db/node_modules services/db/node_modules
COPY --from=build /app/services/dispatcher/package.json services/dispatcher/package.json
COPY --from=build /app/services/dispatcher/dist services/dispatcher/dist
COPY --from=build /app/services/dispatcher/node_modules services/dispatcher/node_modules
COPY --from=build /app/services/scim/package.json services/scim/package.json
COPY --from=build /app/services/scim/dist services/scim/dist
COPY --from=build /app/services/scim/node_modules services/scim/node_modules
COPY --from=build /app/web/dist web/dist
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "services/scim/dist/server.js"]
