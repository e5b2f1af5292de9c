-- Schema 1: branches, participants, attempts and every answer given.
CREATE TABLE branches (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    archived    INTEGER NOT NULL DEFAULT 0,
    created_ms  INTEGER NOT NULL
);

CREATE TABLE participants (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    branch_id   INTEGER REFERENCES branches(id),
    staff_no    TEXT,
    archived    INTEGER NOT NULL DEFAULT 0,
    created_ms  INTEGER NOT NULL
);
CREATE UNIQUE INDEX participants_staff_no ON participants(staff_no) WHERE staff_no IS NOT NULL AND staff_no <> '';

CREATE TABLE attempts (
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE,
    participant_id  INTEGER REFERENCES participants(id),
    mode            TEXT NOT NULL,
    title           TEXT NOT NULL,
    started_ms      INTEGER NOT NULL,
    ended_ms        INTEGER,
    end_reason      TEXT,
    time_limit_secs INTEGER,
    time_used_ms    INTEGER NOT NULL DEFAULT 0,
    score           REAL,
    max_score       REAL,
    question_count  INTEGER NOT NULL
);
CREATE INDEX attempts_participant ON attempts(participant_id);

CREATE TABLE answers (
    attempt_id   INTEGER NOT NULL REFERENCES attempts(id),
    position     INTEGER NOT NULL,
    bank_id      TEXT NOT NULL,
    question_id  TEXT NOT NULL,
    response     TEXT,
    correct      INTEGER,
    points       REAL,
    max_points   REAL NOT NULL,
    answered_ms  INTEGER NOT NULL,
    PRIMARY KEY (attempt_id, position)
);
