-- reewatch store, schema version 1.
-- documents: every document exactly as received, with where it came from.
-- sentences, facts: what the pipeline found, each fact with its sentence and span.
-- fact_keys: the values facts can be filtered by (product, element, country, company).
-- clusters: documents.cluster names the story a document belongs to (the id of its first document).
-- dedup_signatures: what story dedup needs to compare future documents with this one.
-- rejects: records skipped with --keep-going, so that no document is lost silently.

CREATE TABLE documents (
    id            TEXT PRIMARY KEY,
    content_hash  TEXT NOT NULL,
    text          TEXT NOT NULL,
    title         TEXT,
    source        TEXT,
    url           TEXT,
    published     TEXT,
    lang          TEXT,
    origin_path   TEXT,
    origin_line   INTEGER,
    cluster       TEXT NOT NULL,
    batch         INTEGER NOT NULL,
    seq           INTEGER NOT NULL UNIQUE  -- order of arrival; the search index catches up by it
);
CREATE INDEX documents_hash ON documents(content_hash);
CREATE INDEX documents_cluster ON documents(cluster);

CREATE TABLE sentences (
    doc_id    TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    article   TEXT NOT NULL,   -- the document id, or page#n for one article of a result page
    position  INTEGER NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    lang      TEXT,
    text      TEXT NOT NULL,
    PRIMARY KEY (doc_id, position)
);

CREATE TABLE facts (
    id          INTEGER PRIMARY KEY,
    doc_id      TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    article     TEXT NOT NULL,
    type        TEXT NOT NULL,
    lang        TEXT,
    sentence    TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    day         TEXT,           -- the first day the fact is about (as_of, period, date), else the document's date
    record      TEXT NOT NULL   -- the fact as printed by `reewatch extract` (JSON)
);
CREATE INDEX facts_doc ON facts(doc_id);
CREATE INDEX facts_type_day ON facts(type, day);

CREATE TABLE fact_keys (
    fact_id  INTEGER NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    PRIMARY KEY (key, value, fact_id)
) WITHOUT ROWID;

CREATE TABLE dedup_signatures (
    doc_id     TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    signature  BLOB NOT NULL
);

CREATE TABLE batches (
    id          INTEGER PRIMARY KEY,
    finished    TEXT NOT NULL,
    documents   INTEGER NOT NULL,
    facts       INTEGER NOT NULL,
    rejected    INTEGER NOT NULL
);

CREATE TABLE rejects (
    id       INTEGER PRIMARY KEY,
    batch    INTEGER NOT NULL,
    path     TEXT NOT NULL,
    line     INTEGER,
    problem  TEXT NOT NULL
);

CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
