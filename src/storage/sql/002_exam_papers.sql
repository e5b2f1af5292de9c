-- Schema 2: exam presets, and what is needed to rebuild an interrupted paper.
CREATE TABLE presets (
    name   TEXT PRIMARY KEY,
    rules  TEXT NOT NULL
);

ALTER TABLE attempts ADD COLUMN rules TEXT;
ALTER TABLE attempts ADD COLUMN seed INTEGER;
ALTER TABLE attempts ADD COLUMN awaiting_grader INTEGER NOT NULL DEFAULT 0;

CREATE TABLE paper_questions (
    attempt_id    INTEGER NOT NULL REFERENCES attempts(id),
    position      INTEGER NOT NULL,
    bank_id       TEXT NOT NULL,
    question_id   TEXT NOT NULL,
    option_order  TEXT NOT NULL,
    points        INTEGER NOT NULL,
    PRIMARY KEY (attempt_id, position)
);
