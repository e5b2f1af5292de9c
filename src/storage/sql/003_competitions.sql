-- Schema 3: live competitions. The event log is the competition: replaying it gives the scores,
-- so every event is committed the moment it happens and a restart resumes where it stopped.
CREATE TABLE competitions (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    plan         TEXT NOT NULL,
    seed         INTEGER NOT NULL,
    started_ms   INTEGER NOT NULL,
    ended_ms     INTEGER,
    end_reason   TEXT
);

CREATE TABLE competition_events (
    competition_id  INTEGER NOT NULL REFERENCES competitions(id),
    seq             INTEGER NOT NULL,
    at_ms           INTEGER NOT NULL,
    event           TEXT NOT NULL,
    PRIMARY KEY (competition_id, seq)
);

-- Written once at the end: one row per team, and one per member who answered.
CREATE TABLE competition_results (
    competition_id  INTEGER NOT NULL REFERENCES competitions(id),
    team_index      INTEGER NOT NULL,
    team            TEXT NOT NULL,
    branch_id       INTEGER REFERENCES branches(id),
    participant_id  INTEGER REFERENCES participants(id),
    place           INTEGER,
    score           INTEGER NOT NULL,
    right_count     INTEGER NOT NULL,
    wrong_count     INTEGER NOT NULL
);
