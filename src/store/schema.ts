/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many have run. A migration is
 * never edited once released: add a new one. Each runs in its own transaction.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE documents (
    sha256        TEXT PRIMARY KEY,
    status        TEXT NOT NULL CHECK (status IN ('queued','processing','done','failed')),
    error         TEXT,
    format        TEXT,
    media_type    TEXT,
    bytes         INTEGER NOT NULL,
    pages         INTEGER,
    department    TEXT,
    year          INTEGER,
    kind          TEXT,
    unit          TEXT,
    result_status TEXT CHECK (result_status IN ('ok','partial','failed')),
    result_json   TEXT,
    attempts      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    done_at       TEXT
  );
  CREATE INDEX documents_status ON documents(status);
  CREATE INDEX documents_year_dept ON documents(year, department);

  CREATE TABLE document_paths (
    sha256     TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    path       TEXT NOT NULL,
    bytes      INTEGER NOT NULL,
    mtime_ms   REAL,
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    PRIMARY KEY (sha256, path)
  );
  CREATE INDEX document_paths_path ON document_paths(path);

  CREATE TABLE pages (
    sha256 TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    tables TEXT NOT NULL,
    PRIMARY KEY (sha256, number)
  );

  CREATE TABLE tables (
    sha256    TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    table_id  TEXT NOT NULL,
    ord       INTEGER NOT NULL,
    type      TEXT NOT NULL,
    title     TEXT NOT NULL,
    unit      TEXT,
    template  INTEGER NOT NULL,
    columns   TEXT NOT NULL,
    source    TEXT NOT NULL,
    PRIMARY KEY (sha256, table_id)
  );
  CREATE INDEX tables_type ON tables(type);

  CREATE TABLE rows (
    sha256   TEXT NOT NULL,
    table_id TEXT NOT NULL,
    row_id   TEXT NOT NULL,
    ord      INTEGER NOT NULL,
    code     TEXT,
    label    TEXT NOT NULL,
    role     TEXT NOT NULL,
    source   TEXT NOT NULL,
    PRIMARY KEY (sha256, table_id, row_id),
    FOREIGN KEY (sha256, table_id) REFERENCES tables(sha256, table_id) ON DELETE CASCADE
  );

  CREATE TABLE cells (
    sha256          TEXT NOT NULL,
    table_id        TEXT NOT NULL,
    row_id          TEXT NOT NULL,
    column_key      TEXT NOT NULL,
    ord             INTEGER NOT NULL,
    value           REAL,
    raw             TEXT NOT NULL,
    blank           INTEGER NOT NULL,
    provenance      TEXT NOT NULL,
    corrected       INTEGER NOT NULL DEFAULT 0,
    corrected_value REAL,
    PRIMARY KEY (sha256, table_id, row_id, column_key),
    FOREIGN KEY (sha256, table_id, row_id) REFERENCES rows(sha256, table_id, row_id) ON DELETE CASCADE
  );

  CREATE TABLE anomalies (
    sha256      TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
    anomaly_id  TEXT NOT NULL,
    ord         INTEGER NOT NULL,
    rule        TEXT NOT NULL,
    severity    TEXT NOT NULL,
    table_id    TEXT NOT NULL,
    row_id      TEXT,
    column_key  TEXT,
    state       TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','resolved','dismissed')),
    json        TEXT NOT NULL,
    PRIMARY KEY (sha256, anomaly_id)
  );
  CREATE INDEX anomalies_cell ON anomalies(sha256, table_id, row_id, column_key);
  CREATE INDEX anomalies_state ON anomalies(state, severity);

  -- The audit trail the review page writes. Kept when a document is re-extracted: it refers to cells by
  -- address, not by row id in cells, so no foreign key to cells.
  CREATE TABLE corrections (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    sha256      TEXT NOT NULL REFERENCES documents(sha256),
    kind        TEXT NOT NULL CHECK (kind IN ('accept','edit','dismiss')),
    anomaly_id  TEXT,
    table_id    TEXT,
    row_id      TEXT,
    column_key  TEXT,
    old_value   REAL,
    new_value   REAL,
    reason      TEXT NOT NULL,
    reviewer    TEXT NOT NULL,
    at          TEXT NOT NULL,
    undone_at   TEXT,
    undone_by   TEXT
  );
  CREATE INDEX corrections_cell ON corrections(sha256, table_id, row_id, column_key);

  CREATE TABLE runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL,
    args        TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    processed   INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0
  );
  `,
  // 2: departments across documents and years; corrections anchored to stable keys (re-extraction).
  `
  CREATE TABLE departments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  -- Every normalized name known to belong to a department: a merge moves the keys, so later documents follow.
  CREATE TABLE department_keys (
    key           TEXT PRIMARY KEY,
    department_id INTEGER NOT NULL REFERENCES departments(id) ON DELETE CASCADE
  );
  CREATE TABLE document_departments (
    sha256        TEXT PRIMARY KEY REFERENCES documents(sha256) ON DELETE CASCADE,
    department_id INTEGER NOT NULL REFERENCES departments(id),
    printed       TEXT NOT NULL,
    key           TEXT NOT NULL,
    -- key: matched by the normalized name; manual: put there by a reviewer (merge/split), kept on re-extraction.
    how           TEXT NOT NULL CHECK (how IN ('key','manual')),
    evidence      TEXT NOT NULL,
    linked_at     TEXT NOT NULL
  );
  CREATE INDEX document_departments_dept ON document_departments(department_id);

  -- The stable key of the corrected cell (family, row code/label, column key) as JSON; orphaned_at is set when a
  -- re-extraction no longer has that cell (the correction is kept, reported, and not applied).
  ALTER TABLE corrections ADD COLUMN anchor TEXT;
  ALTER TABLE corrections ADD COLUMN orphaned_at TEXT;

  CREATE TABLE department_merges (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT NOT NULL CHECK (kind IN ('merge','split')),
    into_id    INTEGER NOT NULL,
    detail     TEXT NOT NULL,
    reviewer   TEXT NOT NULL,
    at         TEXT NOT NULL
  );
  `,
  // 3: the unit as printed ("单位：万元"), for exports that carry both the normalized and the printed unit.
  `
  ALTER TABLE tables ADD COLUMN unit_text TEXT;
  `,
  // 4: files uploaded through the review server, with their status, so a restart keeps (and resumes) them.
  `
  CREATE TABLE uploads (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The client's file name, reduced to a base name (display only: the stored copy's path is the server's own).
    name        TEXT NOT NULL,
    bytes       INTEGER NOT NULL DEFAULT 0,
    sha256      TEXT,
    stored_path TEXT,
    status      TEXT NOT NULL CHECK (status IN ('received','queued','processing','done','failed','duplicate','rejected')),
    reason      TEXT,
    reviewer    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
  );
  CREATE INDEX uploads_status ON uploads(status);
  CREATE INDEX uploads_sha ON uploads(sha256);
  `,
  // 5: review at scale: bulk actions (one correction per anomaly, grouped in a batch that can be undone whole),
  // and indexes for the document list's counts, search by row code and search by value.
  `
  CREATE TABLE correction_batches (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    -- accept_rounding: every open 尾数误差 note of a document; dismiss_rule: one rule over a document, department or year.
    kind       TEXT NOT NULL CHECK (kind IN ('accept_rounding','dismiss_rule')),
    selection  TEXT NOT NULL,
    count      INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    reviewer   TEXT NOT NULL,
    at         TEXT NOT NULL,
    undone_at  TEXT,
    undone_by  TEXT
  );
  ALTER TABLE corrections ADD COLUMN batch_id INTEGER REFERENCES correction_batches(id);
  CREATE INDEX corrections_batch ON corrections(batch_id) WHERE batch_id IS NOT NULL;
  CREATE INDEX anomalies_doc_state ON anomalies(sha256, state, severity);
  CREATE INDEX rows_code ON rows(code) WHERE code IS NOT NULL;
  CREATE INDEX cells_value ON cells(value) WHERE value IS NOT NULL;
  CREATE INDEX cells_corrected_value ON cells(corrected_value) WHERE corrected = 1;
  `,
];
