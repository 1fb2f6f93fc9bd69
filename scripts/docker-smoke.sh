#!/usr/bin/env bash
# Proof on a real Docker engine: builds the image, checks what is in it, runs it against a
# PostgreSQL, then brings up the compose stack and drives it the way the README's Docker section
# does, step for step. Not part of CI (it needs a daemon and minutes); run it after changing the
# Dockerfile, docker-compose.yml or anything about start-up, and record its summary in
# docs/docker.md.
#
#   scripts/docker-smoke.sh
#
# Uses the running Docker engine; as root on a machine without one it starts dockerd with its own
# data root ($DOCKER_SMOKE_DATA/root, kept for the next run) and stops it at the end. Base images
# that cannot be pulled (no Docker Hub) are built locally by scripts/docker-standin-images.sh from
# Debian packages and the npm registry, under the names the Dockerfile and compose file use.
# Compose: `docker compose` (v2) when installed, else `docker-compose` 1.29 (Debian's), which runs
# the same unchanged file.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
DATA=${DOCKER_SMOKE_DATA:-$( [ -d /work ] && [ -w /work ] && echo /work/docker-data || echo "${XDG_CACHE_HOME:-$HOME/.cache}/scim-docker-smoke")}
IMAGE=scim-provisioning:latest
PROJECT=scim-smoke
NET=scim-smoke-net
T0=$SECONDS
PASSED=0

say() { printf '== %s\n' "$*"; }
pass() { PASSED=$((PASSED + 1)); printf '   PASS  %s\n' "$*"; }
fail() { printf '   FAIL  %s\n' "$*" >&2; exit 1; }
step_time() { printf '   (%s s)\n' "$((SECONDS - $1))"; }

# ---- engine ----------------------------------------------------------------------------------
STARTED_DOCKERD=""
WORK=$(mktemp -d /tmp/scim-docker-smoke.XXXXXX)
cleanup() {
  local rc=$?
  set +e
  if [ -n "${COMPOSE:-}" ] && [ -f "$WORK/app/.env" ]; then (cd "$WORK/app" && $COMPOSE -p "$PROJECT" down -v --remove-orphans >/dev/null 2>&1); fi
  docker rm -f scim-smoke-app scim-smoke-pg >/dev/null 2>&1
  docker network rm "$NET" >/dev/null 2>&1
  docker volume rm scim-smoke-pgdata scim-smoke-data >/dev/null 2>&1
  rm -rf "$WORK"
  if [ -n "$STARTED_DOCKERD" ]; then
    kill "$STARTED_DOCKERD" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$STARTED_DOCKERD" 2>/dev/null || break; sleep 1; done
    echo "== stopped the dockerd this script started (data root kept: $DATA/root)"
  fi
  [ $rc = 0 ] || echo "docker-smoke: FAILED (exit $rc) after $((SECONDS - T0)) s" >&2
}
trap cleanup EXIT

if ! docker info >/dev/null 2>&1; then
  command -v dockerd >/dev/null && [ "$(id -u)" = 0 ] \
    || fail "no Docker engine reachable (and cannot start one: needs root and dockerd; apt-get install docker.io fuse-overlayfs iptables)"
  mkdir -p "$DATA/root" "$DATA/run"
  say "starting dockerd (data root $DATA/root)"
  dockerd --data-root "$DATA/root" --exec-root "$DATA/run/exec" --pidfile "$DATA/run/dockerd.pid" \
    --storage-driver overlay2 >"$DATA/run/dockerd.log" 2>&1 &
  STARTED_DOCKERD=$!
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || fail "dockerd did not come up: $(tail -5 "$DATA/run/dockerd.log")"
fi
say "engine: Docker $(docker version --format '{{.Server.Version}}')"

# BuildKit (the Dockerfile's cache mounts need it): the CLI's own, or through buildx.
mkdir -p "$WORK/bin"
buildkit_ok() { printf 'FROM scratch\nLABEL smoke=1\n' | DOCKER_BUILDKIT=1 "$1" build -q - >/dev/null 2>&1; }
if ! buildkit_ok docker; then
  for cli in /usr/bin/docker /usr/local/bin/docker; do
    if [ -x "$cli" ] && buildkit_ok "$cli"; then ln -sf "$cli" "$WORK/bin/docker"; break; fi
  done
  [ -e "$WORK/bin/docker" ] || fail "no docker CLI here builds with BuildKit (install buildx, or Debian's docker.io CLI)"
  say "BuildKit through $(readlink "$WORK/bin/docker") ($("$WORK/bin/docker" --version))"
fi
export PATH="$WORK/bin:$PATH" DOCKER_BUILDKIT=1 COMPOSE_DOCKER_CLI_BUILD=1

# ---- base images -----------------------------------------------------------------------------
NODE_VERSION=$(sed -nE 's/^ARG NODE_VERSION=(.+)$/\1/p' Dockerfile)
NODE_IMAGE="node:${NODE_VERSION}-bookworm-slim"
POSTGRES_IMAGE=$(sed -nE '/^  postgres:/,/^  [a-z]/ s/^    image: (.+)$/\1/p' docker-compose.yml)
for img in "$NODE_IMAGE" "$POSTGRES_IMAGE"; do
  docker image inspect "$img" >/dev/null 2>&1 && continue
  if timeout 60 docker pull -q "$img" >/dev/null 2>&1; then say "pulled $img"; continue; fi
  say "$img cannot be pulled here: building a local stand-in"
  bash scripts/docker-standin-images.sh "$NODE_IMAGE" "$POSTGRES_IMAGE" "$DATA/standin"
  break
done
say "base images: $NODE_IMAGE, $POSTGRES_IMAGE ($(docker run --rm --entrypoint postgres "$POSTGRES_IMAGE" --version 2>/dev/null | head -1))"

# ---- compose ---------------------------------------------------------------------------------
if docker compose version >/dev/null 2>&1; then
  COMPOSE="docker compose"
  say "compose: $(docker compose version)"
elif command -v docker-compose >/dev/null; then
  COMPOSE="docker-compose"
  say "compose: $(docker-compose version --short 2>/dev/null) (Compose v1: no Compose v2 binary in Debian or on the npm registry here;" \
    "it runs the unchanged docker-compose.yml, which test/compose.test.ts validates against the Compose v2 schema)"
else
  fail "neither 'docker compose' nor 'docker-compose' is installed"
fi

# A fresh checkout (tracked and unignored files), so a developer's .env and build state play no part.
mkdir -p "$WORK/app"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
  | tar --null -T - -cf - | tar -xf - -C "$WORK/app"
cd "$WORK/app"

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
wait_status() { # URL STATUS SECONDS
  local code=""
  for _ in $(seq 1 "$3"); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)
    [ "$code" = "$2" ] && return 0
    sleep 1
  done
  echo "last status: ${code:-none}" >&2
  return 1
}
json() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const v=JSON.parse(s);console.log($1)})"; }

# ---- 1. compose, as the README's Docker section runs it ----------------------------------------
say "1. compose (README: cp .env.example .env, set POSTGRES_PASSWORD, docker compose up --build -d)"
t=$SECONDS
# Before .env exists, and with the .env.example values alone: no password, no start.
(unset POSTGRES_PASSWORD; $COMPOSE config >/dev/null 2>"$WORK/nopw.txt") && fail "compose accepted a missing POSTGRES_PASSWORD" || true
cp .env.example .env
(unset POSTGRES_PASSWORD; $COMPOSE config >/dev/null 2>>"$WORK/nopw.txt") && fail "compose accepted an empty POSTGRES_PASSWORD" || true
[ "$(grep -c 'POSTGRES_PASSWORD is not set' "$WORK/nopw.txt")" -ge 2 ] \
  && pass "without POSTGRES_PASSWORD (no .env, or .env.example as is) compose refuses: $(grep -o 'POSTGRES_PASSWORD is not set - [^)]*)' "$WORK/nopw.txt" | head -1)" \
  || fail "unexpected refusal: $(cat "$WORK/nopw.txt")"
# What `openssl rand -base64` gives, plus the @ and # that broke URLs before.
PASSWORD="$(openssl rand -base64 24)/+=@#"
PORT=$(free_port)
sed -i -e "s|^POSTGRES_PASSWORD=.*|POSTGRES_PASSWORD=$PASSWORD|" -e "s|^COMPOSE_PROJECT_NAME=.*|COMPOSE_PROJECT_NAME=$PROJECT|" \
  -e "s|^SCIM_PUBLISH_PORT=.*|SCIM_PUBLISH_PORT=$PORT|" -e "s|^PUBLIC_BASE_URL=.*|PUBLIC_BASE_URL=http://127.0.0.1:$PORT|" .env
BASE="http://127.0.0.1:$PORT"
$COMPOSE up --build -d >"$WORK/up.log" 2>&1 || { tail -30 "$WORK/up.log"; fail "compose up failed"; }
pass "docker compose up --build -d (password with / + = @ #)"
wait_status "$BASE/healthz" 200 120 || { $COMPOSE logs --tail 30; fail "/healthz not 200"; }
pass "GET /healthz 200"
wait_status "$BASE/readyz" 200 60 && pass "GET /readyz 200" || fail "/readyz not 200"
published=$(docker port "${PROJECT}_scim_1" 8080 2>/dev/null || docker port "${PROJECT}-scim-1" 8080)
[[ "$published" == 127.0.0.1:* ]] && pass "published on $published only" || fail "published on $published"
body=$(curl -s -w '\n%{http_code}' "$BASE/scim/v2/ServiceProviderConfig")
[ "$(tail -1 <<<"$body")" = 401 ] && grep -q 'urn:ietf:params:scim:api:messages:2.0:Error' <<<"$body" \
  && pass "GET /scim/v2/ServiceProviderConfig without a token: 401 with a SCIM error body" || fail "expected a SCIM 401: $body"

CLI="node services/scim/dist/cli/main.js"
token=$($COMPOSE exec -T scim $CLI tokens create --name okta --connection okta | tail -1 | tr -d '\r')
[[ "$token" =~ ^scim_[0-9A-Za-z]{40}$ ]] && pass "docker compose exec scim $CLI tokens create --name okta --connection okta" || fail "no token: $token"
before=$($COMPOSE exec -T scim $CLI outbox lag | json "(v.find(c=>c.name==='dispatcher')||{}).position")
created=$(curl -s -w '\n%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/scim+json' \
  -d '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@example.com","name":{"givenName":"Ada","familyName":"Lovelace"},"emails":[{"value":"ada@example.com","type":"work","primary":true}],"active":true}' \
  "$BASE/scim/v2/Users")
[ "$(tail -1 <<<"$created")" = 201 ] && pass "POST /scim/v2/Users with the token: 201" || fail "POST /Users: $created"
consumed=""
for _ in $(seq 1 30); do
  consumed=$($COMPOSE exec -T scim $CLI outbox lag | json "(c=>c&&c.pendingEvents===0&&c.position!=='$before'?c.position:'')(v.find(c=>c.name==='dispatcher'))")
  [ -n "$consumed" ] && break
  sleep 1
done
[ -n "$consumed" ] && pass "the dispatcher consumed the user.created event (cursor $before -> $consumed, 0 pending)" || fail "the dispatcher did not consume the event"
metrics=$(curl -s "$BASE/metrics")
grep -q 'scim_http_requests_total{method="POST",route="/scim/v2/Users",status_code="201",connection_id="[0-9a-f-]*",connection="okta"} 1' <<<"$metrics" \
  && pass "GET /metrics counts the POST by route pattern and connection" || fail "metrics: $(grep scim_http_requests_total <<<"$metrics" | head -5)"
step_time $t

say "2. docker compose down"
t=$SECONDS
docker events --since "$(date +%s)" --filter "label=com.docker.compose.project=$PROJECT" --filter event=die \
  --format '{{index .Actor.Attributes "com.docker.compose.service"}} {{.Actor.Attributes.exitCode}}' >"$WORK/die.txt" &
EVENTS=$!
$COMPOSE down >"$WORK/down.log" 2>&1 || { cat "$WORK/down.log"; fail "compose down failed"; }
sleep 1
kill $EVENTS 2>/dev/null || true
for svc in scim dispatcher postgres; do
  code=$(awk -v s="$svc" '$1==s {print $2}' "$WORK/die.txt" | tail -1)
  [ "$svc" = postgres ] && how="its STOPSIGNAL, SIGINT" || how=SIGTERM
  [ "$code" = 0 ] && pass "$svc stopped ($how) with exit 0" || fail "$svc exit code '${code:-none}' ($(cat "$WORK/die.txt" | tr '\n' ' '))"
done
step_time $t

# ---- 3. the image on its own (README: docker build, docker run with secrets as files) ----------
say "3. docker build -t $IMAGE ."
t=$SECONDS
docker build -t "$IMAGE" . >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; fail "build failed"; }
pass "image built ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%d MB", $1/1e6}'))"
# The whole context as the classic builder sends it (BuildKit sends only changes), from the
# developer's checkout, where node_modules, dist/ and .data exist after the quick start.
context=$(cd "$REPO" && printf 'FROM scratch\nLABEL scim-smoke-context=1\n' | DOCKER_BUILDKIT=0 docker build -t scim-smoke-context -f - . 2>&1 | sed -nE 's/^Sending build context to Docker daemon +([0-9.]+[kMG]?B).*/\1/p' | tail -1)
docker rmi scim-smoke-context >/dev/null 2>&1 || true
pass "build context from the working checkout: $context (.dockerignore keeps node_modules, dist/, *.tsbuildinfo, .data, .env out)"
step_time $t

say "4. docker run against a PostgreSQL (secrets as files; the database starts after the service)"
t=$SECONDS
PGPW="$(openssl rand -base64 24)/+=@#"
mkdir -p "$WORK/secrets"
printf 'postgres://scim:%s@scim-smoke-pg:5432/scim\n' "$(node -e 'console.log(encodeURIComponent(process.argv[1]))' "$PGPW")" >"$WORK/secrets/database_url"
openssl rand -base64 48 | tr -d '\n' >"$WORK/secrets/session_secret"
openssl rand -base64 32 >"$WORK/secrets/encryption_key"
chmod 644 "$WORK/secrets"/*
docker network create "$NET" >/dev/null
APP_PORT=$(free_port)
docker run -d --name scim-smoke-app --network "$NET" -p "127.0.0.1:$APP_PORT:8080" \
  -v "$WORK/secrets:/run/secrets:ro" -v scim-smoke-data:/data \
  -e DATABASE_URL_FILE=/run/secrets/database_url -e SESSION_SECRET_FILE=/run/secrets/session_secret \
  -e ENCRYPTION_KEY_FILE=/run/secrets/encryption_key "$IMAGE" >/dev/null
sleep 3
# A slow first-start initialisation (the stand-in image honours STANDIN_SLOW_INIT_SECONDS; the
# official one ignores it): the healthcheck compose uses must not pass before the real server.
docker run -d --name scim-smoke-pg --network "$NET" -v scim-smoke-pgdata:/var/lib/postgresql/data -e STANDIN_SLOW_INIT_SECONDS=8 \
  -e POSTGRES_USER=scim -e POSTGRES_DB=scim -e POSTGRES_PASSWORD="$PGPW" "$POSTGRES_IMAGE" >/dev/null
socket_early=""
for _ in $(seq 1 120); do
  tcp=0; docker exec scim-smoke-pg pg_isready -q -h 127.0.0.1 -p 5432 -U scim -d scim || tcp=$?
  sock=0; docker exec scim-smoke-pg pg_isready -q -U scim -d scim || sock=$?
  [ "$tcp" = 0 ] && break
  [ "$sock" = 0 ] && socket_early=1
  sleep 0.5
done
[ "$tcp" = 0 ] || fail "postgres never became ready over TCP"
if [ -n "$socket_early" ]; then
  pass "during initialisation pg_isready over the socket said ready, over TCP (compose's healthcheck) it did not"
else
  echo "   note  no socket-only initialisation window observed (an image without the stand-in's slow init)"
fi
wait_status "http://127.0.0.1:$APP_PORT/readyz" 200 120 || { docker logs scim-smoke-app 2>&1 | tail -20; fail "/readyz not 200"; }
logs=$(docker logs scim-smoke-app 2>&1)
grep -q 'not reachable yet' <<<"$logs" && grep -q 'is reachable' <<<"$logs" \
  && pass "waited for the database: $(grep -o 'database at [^"]*not reachable yet[^"]*' <<<"$logs" | head -1)" \
  || fail "no database wait in the log: $(head -5 <<<"$logs")"
pass "/readyz 200 once the database answered"
env_shown=$(docker inspect -f '{{range .Config.Env}}{{println .}}{{end}}' scim-smoke-app)
if grep -qF "$(cat "$WORK/secrets/session_secret")" <<<"$env_shown" || grep -qF "$(node -e 'console.log(encodeURIComponent(process.argv[1]))' "$PGPW")" <<<"$env_shown"; then
  fail "a secret shows in docker inspect"
fi
pass "secrets read from DATABASE_URL_FILE / SESSION_SECRET_FILE / ENCRYPTION_KEY_FILE; docker inspect shows only the paths"
docker stop -t 30 scim-smoke-app >/dev/null
code=$(docker inspect -f '{{.State.ExitCode}}' scim-smoke-app)
[ "$code" = 0 ] && pass "docker stop: SIGTERM, exit 0" || fail "docker stop: exit $code"
docker rm -f scim-smoke-app scim-smoke-pg >/dev/null
docker network rm "$NET" >/dev/null
docker volume rm scim-smoke-pgdata scim-smoke-data >/dev/null
step_time $t

# ---- 5. the image's contents ------------------------------------------------------------------
say "5. what is in the image"
inspect() { docker run --rm --entrypoint sh "$IMAGE" -c "$1"; }
[ -z "$(inspect 'find / -xdev -name "*embedded-postgres*" 2>/dev/null')" ] && pass "no embedded PostgreSQL" || fail "embedded-postgres is in the image"
dev=$(inspect 'ls /app/node_modules/.pnpm' | grep -E '^(typescript|tap|tsx|vite|@types\+|@tapjs\+|esbuild|@vitejs\+|embedded-postgres)@' || true)
[ -z "$dev" ] && pass "no dev dependencies (typescript, tap, tsx, vite, esbuild, @types/*)" || fail "dev dependencies in the image: $dev"
pass "node_modules: $(inspect 'du -sh /app/node_modules | cut -f1')"
[ "$(inspect 'id -un')" = node ] && pass "runs as node" || fail "not running as node"
[ -z "$(inspect 'find /app -writable 2>/dev/null | head -1')" ] && pass "nothing under /app is writable by node" || fail "writable code: $(inspect 'find /app -writable | head -3')"
inspect 'touch /data/probe && rm /data/probe' && pass "/data is writable by node" || fail "/data not writable"
out=$(docker run --rm "$IMAGE" 2>&1) && fail "started without DATABASE_URL" || true
[ "$(printf '%s\n' "$out" | wc -l)" = 1 ] && [[ "$out" == *"DATABASE_URL is not set"* ]] \
  && pass "without DATABASE_URL it exits with one line: $out" || fail "unexpected output without DATABASE_URL: $out"

echo "docker-smoke: all $PASSED checks passed in $((SECONDS - T0)) s"
