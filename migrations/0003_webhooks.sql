-- Webhook subscriptions, their deliveries (single events and burst summaries) and every attempt
-- to send them (docs/webhooks.md). Worked by the dispatcher; managed through the admin API and
-- the CLI.

-- A subscription: a Slack incoming webhook or a Standard Webhooks (HMAC-signed) endpoint. The
-- URL and the signing secrets are encrypted at rest (architecture.md invariant 7; the format is
-- "v1.<key id>.<iv>.<ciphertext+tag>", services/db/src/secret-box.ts); `url_display` is the
-- masked form lists show.
CREATE TABLE webhook_subscriptions (
  id                         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind                       text NOT NULL CHECK (kind IN ('slack', 'hmac')),
  url_encrypted              text NOT NULL,
  url_display                text NOT NULL,
  events                     text[] NOT NULL CHECK (cardinality(events) BETWEEN 1 AND 50),
  connection_id              uuid REFERENCES idp_connections (id),
  description                text NOT NULL DEFAULT '',
  enabled                    boolean NOT NULL DEFAULT true,
  disabled_reason            text,
  disabled_at                timestamptz,
  secret_encrypted           text,
  previous_secret_encrypted  text,
  previous_secret_expires_at timestamptz,
  -- Start of an unbroken run of failed attempts (any success clears it); a subscription failing
  -- for WEBHOOK_AUTO_DISABLE_HOURS is disabled.
  failing_since              timestamptz,
  -- A 429 with Retry-After pauses the whole endpoint (Slack asks for exactly this).
  paused_until               timestamptz,
  -- Pacing: the earliest moment the next request may start (Slack: one message per second).
  next_send_at               timestamptz,
  created_at                 timestamptz NOT NULL DEFAULT now(),
  updated_at                 timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'hmac') = (secret_encrypted IS NOT NULL)),
  CHECK ((previous_secret_encrypted IS NULL) = (previous_secret_expires_at IS NULL)),
  CHECK (enabled = (disabled_at IS NULL))
);

-- Burst coalescing state per subscription (services/dispatcher/src/coalesce.ts): a token bucket
-- for leading singles, the end of the current burst episode, and how many summaries the
-- episode has opened (each next window is longer). Written only by the outbox router, which
-- holds the dispatcher's cursor lock.
CREATE TABLE webhook_coalescing (
  subscription_id  uuid PRIMARY KEY REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  tokens           double precision NOT NULL,
  tokens_at        timestamptz NOT NULL,
  coalescing_until timestamptz,
  episode_batches  integer NOT NULL DEFAULT 0
);

-- One message to one subscription: a single event, a summary of a burst, or a test. The
-- webhook id is stable across retries, replays and dispatcher crashes (receivers de-duplicate
-- on it). A summary is `open` while it collects events; closing it writes its body.
CREATE TABLE webhook_deliveries (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subscription_id  uuid NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
  webhook_id       text NOT NULL UNIQUE,
  kind             text NOT NULL CHECK (kind IN ('single', 'summary', 'test')),
  event_type       text NOT NULL,
  event_count      integer NOT NULL DEFAULT 0 CHECK (event_count >= 0),
  status           text NOT NULL CHECK (status IN ('open', 'pending', 'delivering', 'succeeded', 'failed')),
  body             text,
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz,
  lease_owner      text,
  lease_expires_at timestamptz,
  first_event_at   timestamptz,
  last_event_at    timestamptz,
  opened_at        timestamptz NOT NULL DEFAULT now(),
  -- An open summary closes at min(last routed event + quiet gap, window_ends_at).
  window_ends_at   timestamptz,
  close_at         timestamptz,
  closed_at        timestamptz,
  completed_at     timestamptz,
  -- A replay: the next attempt is a single manual one, never rescheduled.
  one_shot         boolean NOT NULL DEFAULT false,
  last_status_code integer,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, subscription_id),
  CHECK (kind <> 'single' OR event_count = 1),
  CHECK (kind <> 'test' OR event_count = 0),
  CHECK ((status = 'open') = (body IS NULL)),
  CHECK (status <> 'open' OR (kind = 'summary' AND close_at IS NOT NULL AND window_ends_at IS NOT NULL)),
  CHECK (status <> 'delivering' OR lease_expires_at IS NOT NULL)
);
-- At most one summary collects events per subscription at a time.
CREATE UNIQUE INDEX webhook_deliveries_one_open_idx ON webhook_deliveries (subscription_id) WHERE status = 'open';
-- Due work: pending deliveries, and claimed ones whose lease has run out (next_attempt_at is
-- the lease's end while a delivery is claimed).
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (subscription_id, next_attempt_at) WHERE status IN ('pending', 'delivering');
CREATE INDEX webhook_deliveries_close_idx ON webhook_deliveries (close_at) WHERE status = 'open';
CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries (subscription_id, created_at DESC, id DESC);

-- Every event routed to a subscription, and the one delivery that carries it: the primary key
-- makes "each event is accounted for exactly once per subscription" a fact of the schema
-- (architecture.md invariant 5), and the composite foreign key makes the delivery one of the
-- same subscription. Small copies of what a summary shows, so closing one never reads the
-- outbox (whose rows the retention purge may remove).
CREATE TABLE webhook_delivery_events (
  subscription_id uuid NOT NULL,
  event_id        uuid NOT NULL,
  delivery_id     uuid NOT NULL,
  event_type      text NOT NULL,
  occurred_at     timestamptz NOT NULL,
  connection_id   uuid,
  actor_source    text NOT NULL,
  resource_type   text NOT NULL,
  resource_id     text NOT NULL,
  label           text,
  routed_at       timestamptz NOT NULL DEFAULT now(),
  ord             bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (subscription_id, event_id),
  FOREIGN KEY (delivery_id, subscription_id) REFERENCES webhook_deliveries (id, subscription_id) ON DELETE CASCADE
);
CREATE INDEX webhook_delivery_events_delivery_idx ON webhook_delivery_events (delivery_id, ord);

-- Every attempt, as it happened: started when the delivery is claimed, finished with the
-- receiver's answer. An attempt left unfinished by a dispatcher that died is marked abandoned
-- when its lease is taken over.
CREATE TABLE webhook_attempts (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id     uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt         integer NOT NULL CHECK (attempt >= 1),
  trigger         text NOT NULL CHECK (trigger IN ('scheduled', 'manual', 'test')),
  started_at      timestamptz NOT NULL DEFAULT now(),
  duration_ms     integer,
  status_code     integer,
  response_body   text,
  error           text,
  outcome         text CHECK (outcome IN ('succeeded', 'retry', 'failed', 'disabled', 'abandoned')),
  next_attempt_at timestamptz,
  UNIQUE (delivery_id, attempt)
);
