//! The schema, as the migrations that build it: migration `i` brings the schema from
//! version `i` to `i + 1`.

/// Schema migrations; migration `i` brings the schema from version `i` to `i + 1`.
/// Never edit a released migration: add a new one.
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: dossiers, day counters, people in dossiers, profiles, audit log
    r#"
    CREATE TABLE day_counters (
        agency_code TEXT NOT NULL,
        day         TEXT NOT NULL,            -- YYMMDD
        last_seq    INTEGER NOT NULL,
        PRIMARY KEY (agency_code, day)
    ) STRICT;
    CREATE TABLE dossiers (
        code           TEXT PRIMARY KEY,      -- <agency>-<YYMMDD>-<NNNN>
        agency_code    TEXT NOT NULL,
        day            TEXT NOT NULL,
        seq            INTEGER NOT NULL,
        form_id        TEXT NOT NULL,
        form_version   INTEGER NOT NULL,
        answers        TEXT,                  -- JSON; NULL once erased
        status         TEXT NOT NULL CHECK (status IN
                         ('draft', 'confirmed', 'printed', 'print_failed', 'handed_over')),
        created_at     TEXT NOT NULL,
        confirmed_at   TEXT,
        printed_at     TEXT,
        updated_at     TEXT NOT NULL,
        print_attempts INTEGER NOT NULL DEFAULT 0,
        erased_at      TEXT,
        UNIQUE (agency_code, day, seq)
    ) STRICT;
    CREATE INDEX dossiers_by_day ON dossiers (day);
    -- whose personal ID numbers a dossier holds, for erasure on request
    CREATE TABLE dossier_people (
        code      TEXT NOT NULL REFERENCES dossiers (code) ON DELETE CASCADE,
        id_number TEXT NOT NULL,
        PRIMARY KEY (id_number, code)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE profiles (
        id_number        TEXT PRIMARY KEY,
        full_name        TEXT NOT NULL,
        birth_date       TEXT NOT NULL,       -- dd/mm/yyyy
        sex              TEXT NOT NULL,
        residence        TEXT NOT NULL,
        old_id_number    TEXT,
        issue_date       TEXT,
        consent_at       TEXT NOT NULL,
        consent_notice   TEXT NOT NULL,       -- version of the notice the citizen agreed to
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        last_used_at     TEXT NOT NULL
    ) STRICT;
    CREATE TABLE audit (
        id           INTEGER PRIMARY KEY,
        at           TEXT NOT NULL,
        action       TEXT NOT NULL,
        actor        TEXT NOT NULL,
        dossier_code TEXT,
        form_id      TEXT
    ) STRICT;
    "#,
    // 2: the printed PDF, kept with the dossier so a reprint is the very same document
    r#"
    ALTER TABLE dossiers ADD COLUMN pdf BLOB;
    "#,
    // 3: the kiosk's own bookkeeping (the day retention last ran: once a day, not at every
    // start of a command)
    r#"
    CREATE TABLE kiosk_state (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;
    "#,
    // 4: after the form: how the result comes back and when it is due, booked times, and
    // the citizens' ratings (counts per day and procedure only: nothing to link to a person)
    r#"
    ALTER TABLE dossiers ADD COLUMN delivery TEXT;   -- JSON {"way":…,"address":…}; NULL once erased
    ALTER TABLE dossiers ADD COLUMN due_day TEXT;    -- YYYY-MM-DD; NULL when the desk sets it
    CREATE TABLE bookings (
        code         TEXT PRIMARY KEY REFERENCES dossiers (code) ON DELETE CASCADE,
        visit        TEXT NOT NULL CHECK (visit IN ('desk', 'home')),
        day          TEXT NOT NULL,           -- YYYY-MM-DD
        minute       INTEGER NOT NULL,        -- of the day the slot starts
        address      TEXT,                    -- a visit at home
        created_at   TEXT NOT NULL,
        cancelled_at TEXT
    ) STRICT;
    CREATE INDEX bookings_by_slot ON bookings (day, minute, visit);
    CREATE TABLE ratings (
        day     TEXT NOT NULL,                -- YYYY-MM-DD
        form_id TEXT NOT NULL,
        rating  TEXT NOT NULL CHECK (rating IN ('very_satisfied', 'satisfied', 'unsatisfied')),
        n       INTEGER NOT NULL,
        PRIMARY KEY (day, form_id, rating)
    ) STRICT, WITHOUT ROWID;
    "#,
    // 5: which kiosk made a dossier and wrote an audit entry (`kiosk_id` in kiosk.toml)
    r#"
    ALTER TABLE dossiers ADD COLUMN kiosk_id TEXT;
    ALTER TABLE audit ADD COLUMN kiosk_id TEXT;
    "#,
    // 6: a kiosk of an office: the dossier numbers the office server leased to it, and what
    // it has not sent the server yet (ids never reused: the server remembers which it has)
    r#"
    CREATE TABLE leases (
        agency_code TEXT NOT NULL,
        day         TEXT NOT NULL,            -- YYMMDD
        first_seq   INTEGER NOT NULL,
        last_seq    INTEGER NOT NULL,
        next_seq    INTEGER NOT NULL,         -- > last_seq: used up
        PRIMARY KEY (agency_code, day, first_seq)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE outbox (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        payload TEXT NOT NULL                 -- JSON, store::Outgoing
    ) STRICT;
    "#,
];
