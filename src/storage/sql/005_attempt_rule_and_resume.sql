-- Schema 5.
-- The rule of the records: an attempt with no answer is not an attempt, and an exam given up
-- counts with its real score out of the whole paper (schema 4 stored such exams as 0 of 0).
UPDATE attempts SET
    score = (SELECT coalesce(sum(points), 0) FROM answers x WHERE x.attempt_id = attempts.id),
    max_score = (SELECT coalesce(sum(points), 0) FROM paper_questions q WHERE q.attempt_id = attempts.id)
WHERE end_reason = 'abandoned';
DELETE FROM answers WHERE attempt_id IN
    (SELECT id FROM attempts WHERE ended_ms IS NOT NULL AND answered = 0);
DELETE FROM paper_questions WHERE attempt_id IN
    (SELECT id FROM attempts WHERE ended_ms IS NOT NULL AND answered = 0);
DELETE FROM attempts WHERE ended_ms IS NOT NULL AND answered = 0;

-- The question an exam was on, so a resumed exam reopens there.
ALTER TABLE attempts ADD COLUMN position INTEGER NOT NULL DEFAULT 0;

-- How a competition's audience display was shown (window, full screen, monitor, place, theme,
-- text size), so a resumed competition shows it again as it was.
ALTER TABLE competitions ADD COLUMN display TEXT;

-- The last moment a competition's countdown was seen running, written once a second, so a
-- resumed question continues with the time that was left when the power went.
ALTER TABLE competitions ADD COLUMN alive_ms INTEGER;

-- Settings of this PC's app, by name (the main window's size and place).
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Practice and study count what was answered: schema 4 stored a practice session of 5 answers
-- over a set of 557 questions as 4 of 557.
UPDATE attempts SET max_score = answered
WHERE mode <> 'exam' AND ended_ms IS NOT NULL AND answered > 0 AND max_score > answered;
