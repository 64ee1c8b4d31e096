/**
 * The run store's tables. One database per workspace (`.tpe/tpe.db`), WAL mode.
 * The journal is append-only: a ticket's current state is its last journal
 * row, so recording a transition costs one insert, whatever the run's size.
 */
export const SCHEMA_VERSION = 6;

/** Store schemas this tpe upgrades in place: each later version only added tables. */
export const UPGRADABLE_FROM: ReadonlySet<number> = new Set([5]);

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS runs (
  key         INTEGER PRIMARY KEY,    -- what the journal refers to (not the id string, on every row)
  id          TEXT NOT NULL UNIQUE,
  plan_name   TEXT NOT NULL,
  plan_file   TEXT NOT NULL,
  plan_hash   TEXT NOT NULL,
  options     TEXT NOT NULL,          -- strategy, agents, fail-fast… (JSON)
  status      TEXT NOT NULL,          -- running | pausing | paused | stopping | stopped | completed | failed
  tickets     INTEGER NOT NULL,
  run_dir     TEXT NOT NULL,
  socket      TEXT,
  pid         INTEGER,
  host        TEXT,
  created_at  INTEGER NOT NULL,
  started_at  INTEGER,
  ended_at    INTEGER
);

-- The compiled plan as it was at start, apart from the run's row: status
-- updates must not rewrite megabytes.
CREATE TABLE IF NOT EXISTS plans (
  run_key     INTEGER PRIMARY KEY REFERENCES runs (key),
  json        TEXT NOT NULL
);

-- A ticket statechart's context, stored once and referenced by the journal:
-- tickets with one retry policy share their context (see ticketStepper.ts).
CREATE TABLE IF NOT EXISTS contexts (
  id          INTEGER PRIMARY KEY,
  json        TEXT NOT NULL UNIQUE
);

-- Clustered by run: a run's rows are one range of the table, in order, with no
-- second index to maintain on every insert.
CREATE TABLE IF NOT EXISTS journal (
  run_key     INTEGER NOT NULL,
  seq         INTEGER NOT NULL,       -- order within the run
  at          INTEGER NOT NULL,
  ticket      INTEGER NOT NULL,       -- index in the run's plan (the plan has the id)
  from_state  TEXT NOT NULL,
  to_state    TEXT NOT NULL,
  attempt     INTEGER NOT NULL,
  agent_id    TEXT,
  context     INTEGER NOT NULL REFERENCES contexts (id),
  PRIMARY KEY (run_key, seq)
) WITHOUT ROWID;

-- Why ready tickets waited (parked behind a resource, a conflict, isolation), once per wait.
CREATE TABLE IF NOT EXISTS waits (
  run_key     INTEGER NOT NULL,
  at          INTEGER NOT NULL,
  ticket      INTEGER NOT NULL,
  kind        TEXT NOT NULL,
  what        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS waits_by_run ON waits (run_key);

CREATE TABLE IF NOT EXISTS processes (
  run_id      TEXT NOT NULL,
  ticket      INTEGER NOT NULL,
  attempt     INTEGER NOT NULL,
  phase       TEXT NOT NULL,
  pid         INTEGER NOT NULL,
  start_ticks INTEGER,
  log_file    TEXT,
  exit_file   TEXT,
  at          INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS processes_by_run ON processes (run_id, ticket, attempt);

-- Who owns a run: exactly one engine at a time (see takeRunLease.ts). \`fence\` grows with
-- every owner; journal writes check it, so an engine that lost the run cannot append.
-- pid NULL: released (the run ended, or was never taken since).
CREATE TABLE IF NOT EXISTS leases (
  run_key     INTEGER PRIMARY KEY REFERENCES runs (key),
  fence       INTEGER NOT NULL,
  pid         INTEGER,
  start_ticks INTEGER,
  host        TEXT,
  acquired_at INTEGER NOT NULL,
  renewed_at  INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS run_events (
  run_id      TEXT NOT NULL,
  at          INTEGER NOT NULL,
  kind        TEXT NOT NULL,          -- started | paused | resumed | stopped | adjusted | crashed-recovered | ended
  detail      TEXT
);
`;
