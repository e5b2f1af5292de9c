-- Schema 4: study modes, standings, records from several PCs.
-- Each attempt keeps its own counts and the banks it drew from, so leaderboards over a million
-- answers read the attempts alone.
ALTER TABLE attempts ADD COLUMN answered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attempts ADD COLUMN correct_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE attempts ADD COLUMN banks TEXT NOT NULL DEFAULT '';
UPDATE attempts SET
    answered = (SELECT count(*) FROM answers x WHERE x.attempt_id = attempts.id
                AND (x.correct IS NOT NULL OR x.response IS NOT NULL)),
    correct_count = (SELECT count(*) FROM answers x WHERE x.attempt_id = attempts.id AND x.correct = 1),
    banks = coalesce((SELECT group_concat(bank_id) FROM (SELECT DISTINCT bank_id FROM paper_questions q
                      WHERE q.attempt_id = attempts.id)), '');
CREATE INDEX attempts_started ON attempts(started_ms);
CREATE INDEX answers_question ON answers(bank_id, question_id);

-- 收藏: questions a participant keeps by hand.
CREATE TABLE favourites (
    participant_id  INTEGER NOT NULL REFERENCES participants(id),
    bank_id         TEXT NOT NULL,
    question_id     TEXT NOT NULL,
    added_ms        INTEGER NOT NULL,
    PRIMARY KEY (participant_id, bank_id, question_id)
);
