-- A status save cheaper (issue 20): the board's triggers that a status save fires take a short path for
-- the case a save is, and keep migration 0012's walk for every other write (decision 0008). Each pair
-- splits one trigger by complementary WHEN clauses, so exactly one of the two runs for any write, and the
-- short path computes the same difference as the walk would for the writes it takes.
--
-- A history row that comes last in its recommendation's history (no row on a later day, none later on its
-- day) changes the status held from its day on, and nothing before: +1 in its status and -1 in the status
-- the latest other row gave (the one it replaces on the same day, or the one before it), on its day. With
-- no other row, that is "not assessed" from publication, provided the publication comes before its day;
-- otherwise the publication's day moves, and the walk handles it. Two index seeks instead of walking the
-- history twice with window functions.
DROP TRIGGER board_history_insert;
--> statement-breakpoint
CREATE TRIGGER board_history_append AFTER INSERT ON status_history
  WHEN NOT EXISTS (SELECT 1 FROM status_history WHERE recommendation_id = new.recommendation_id AND (effective_on > new.effective_on OR (effective_on = new.effective_on AND id > new.id)))
    AND (EXISTS (SELECT 1 FROM status_history WHERE recommendation_id = new.recommendation_id AND id <> new.id) OR coalesce((SELECT CASE length(s.published_on) WHEN 4 THEN s.published_on || '-12-31' WHEN 7 THEN date(s.published_on || '-01', '+1 month', '-1 day') ELSE s.published_on END FROM recommendations r JOIN sources s ON s.id = r.source_id WHERE r.id = new.recommendation_id) < new.effective_on, 0))
BEGIN
  INSERT INTO board_history_days (day, status, n)
  SELECT new.effective_on, st, sum(n) FROM (
    SELECT new.to_status AS st, 1 AS n
    UNION ALL SELECT coalesce((SELECT to_status FROM status_history WHERE recommendation_id = new.recommendation_id AND id <> new.id ORDER BY effective_on DESC, id DESC LIMIT 1), 'not_assessed'), -1
  ) GROUP BY st HAVING sum(n) <> 0
  ON CONFLICT (day, status) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
-- Every other history row (back-dated, backfilled, the first one on or before publication): migration 0012's walk.
CREATE TRIGGER board_history_insert AFTER INSERT ON status_history
  WHEN NOT (NOT EXISTS (SELECT 1 FROM status_history WHERE recommendation_id = new.recommendation_id AND (effective_on > new.effective_on OR (effective_on = new.effective_on AND id > new.id)))
      AND (EXISTS (SELECT 1 FROM status_history WHERE recommendation_id = new.recommendation_id AND id <> new.id) OR coalesce((SELECT CASE length(s.published_on) WHEN 4 THEN s.published_on || '-12-31' WHEN 7 THEN date(s.published_on || '-01', '+1 month', '-1 day') ELSE s.published_on END FROM recommendations r JOIN sources s ON s.id = r.source_id WHERE r.id = new.recommendation_id) < new.effective_on, 0)))
BEGIN
  INSERT INTO board_history_days (day, status, n)
  SELECT day, status, sum(n) FROM (
    SELECT day, status, n FROM (SELECT day, status, n FROM (
    WITH h AS (SELECT recommendation_id AS rid, effective_on AS on_, id, to_status AS st FROM status_history WHERE recommendation_id = new.recommendation_id), p AS (SELECT r.id AS rid, CASE length(s.published_on) WHEN 4 THEN s.published_on || '-12-31' WHEN 7 THEN date(s.published_on || '-01', '+1 month', '-1 day') ELSE s.published_on END AS pub FROM recommendations r JOIN sources s ON s.id = r.source_id WHERE r.id = new.recommendation_id),
    d AS (SELECT rid, on_, st, lead(on_) OVER (PARTITION BY rid ORDER BY on_, id) AS nexton FROM h WHERE rid IN (SELECT rid FROM p)),
    f AS (SELECT rid, min(on_) AS first FROM h GROUP BY rid),
    s AS (SELECT rid, on_ AS day, st FROM d WHERE nexton IS NULL OR nexton <> on_
          UNION ALL SELECT p.rid, p.pub, 'not_assessed' FROM p LEFT JOIN f ON f.rid = p.rid WHERE f.first IS NULL OR p.pub < f.first),
    w AS (SELECT day, st, lag(st) OVER (PARTITION BY rid ORDER BY day) AS prev FROM s)
    SELECT day, st AS status, 1 AS n FROM w UNION ALL SELECT day, prev, -1 FROM w WHERE prev IS NOT NULL))
    UNION ALL SELECT day, status, -n AS n FROM (SELECT day, status, n FROM (
    WITH h AS (SELECT recommendation_id AS rid, effective_on AS on_, id, to_status AS st FROM status_history WHERE recommendation_id = new.recommendation_id AND id <> new.id), p AS (SELECT r.id AS rid, CASE length(s.published_on) WHEN 4 THEN s.published_on || '-12-31' WHEN 7 THEN date(s.published_on || '-01', '+1 month', '-1 day') ELSE s.published_on END AS pub FROM recommendations r JOIN sources s ON s.id = r.source_id WHERE r.id = new.recommendation_id),
    d AS (SELECT rid, on_, st, lead(on_) OVER (PARTITION BY rid ORDER BY on_, id) AS nexton FROM h WHERE rid IN (SELECT rid FROM p)),
    f AS (SELECT rid, min(on_) AS first FROM h GROUP BY rid),
    s AS (SELECT rid, on_ AS day, st FROM d WHERE nexton IS NULL OR nexton <> on_
          UNION ALL SELECT p.rid, p.pub, 'not_assessed' FROM p LEFT JOIN f ON f.rid = p.rid WHERE f.first IS NULL OR p.pub < f.first),
    w AS (SELECT day, st, lag(st) OVER (PARTITION BY rid ORDER BY day) AS prev FROM s)
    SELECT day, st AS status, 1 AS n FROM w UNION ALL SELECT day, prev, -1 FROM w WHERE prev IS NOT NULL))
  ) GROUP BY day, status HAVING sum(n) <> 0
  ON CONFLICT (day, status) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
-- A recommendation's status, dates or target changed but not its groups (mechanism, source; its bodies are
-- another table's): each of its groups takes -1 in the old status and +1 in the new, with no sorting and
-- grouping of the two sides; the target and last-event rows as migration 0012 writes them.
DROP TRIGGER board_recommendations_update;
--> statement-breakpoint
CREATE TRIGGER board_recommendations_status AFTER UPDATE OF status, mechanism_id, source_id, target_date, status_since, last_verified_on ON recommendations
  WHEN old.mechanism_id IS new.mechanism_id AND old.source_id IS new.source_id AND old.id IS new.id
    AND (old.status IS NOT new.status OR old.target_date IS NOT new.target_date OR old.status_since IS NOT new.status_since OR old.last_verified_on IS NOT new.last_verified_on)
BEGIN
  INSERT INTO board_counts (grouping, group_id, status, n)
  SELECT g, gid, st, n FROM (
    SELECT 'mechanism' AS g, coalesce(new.mechanism_id, 0) AS gid
    UNION ALL SELECT 'source', new.source_id
    UNION ALL SELECT 'body', body_id FROM recommendation_bodies WHERE recommendation_id = new.id
    UNION ALL SELECT 'body', 0 WHERE NOT EXISTS (SELECT 1 FROM recommendation_bodies WHERE recommendation_id = new.id)
  ) CROSS JOIN (SELECT new.status AS st, 1 AS n UNION ALL SELECT old.status, -1)
  WHERE old.status IS NOT new.status
  ON CONFLICT (grouping, group_id, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO board_targets (target_date, status, n)
  SELECT d, st, sum(n) FROM (
    SELECT new.target_date AS d, new.status AS st, 1 AS n
    UNION ALL SELECT old.target_date, old.status, -1
  ) WHERE d IS NOT NULL GROUP BY d, st HAVING sum(n) <> 0
  ON CONFLICT (target_date, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO board_last_events (day, status, n)
  SELECT d, st, sum(n) FROM (
    SELECT max(coalesce(new.last_verified_on, ''), coalesce((SELECT max(observed_on) FROM evidence_notes WHERE recommendation_id = new.id), ''), coalesce(new.status_since, '')) AS d, new.status AS st, 1 AS n
    UNION ALL SELECT max(coalesce(old.last_verified_on, ''), coalesce((SELECT max(observed_on) FROM evidence_notes WHERE recommendation_id = new.id), ''), coalesce(old.status_since, '')), old.status, -1
  ) GROUP BY d, st HAVING sum(n) <> 0
  ON CONFLICT (day, status) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
-- A recommendation moved to another mechanism or source: migration 0012's trigger, which sorts out both sides.
CREATE TRIGGER board_recommendations_update AFTER UPDATE OF status, mechanism_id, source_id, target_date, status_since, last_verified_on ON recommendations
  WHEN NOT (old.mechanism_id IS new.mechanism_id AND old.source_id IS new.source_id AND old.id IS new.id)
    AND (old.status IS NOT new.status OR old.mechanism_id IS NOT new.mechanism_id OR old.source_id IS NOT new.source_id
    OR old.target_date IS NOT new.target_date OR old.status_since IS NOT new.status_since OR old.last_verified_on IS NOT new.last_verified_on)
BEGIN
  INSERT INTO board_counts (grouping, group_id, status, n)
  SELECT g, gid, st, sum(n) FROM (
    SELECT 'mechanism' AS g, coalesce(new.mechanism_id, 0) AS gid, new.status AS st, 1 AS n
    UNION ALL SELECT 'source', new.source_id, new.status, 1
    UNION ALL SELECT 'body' AS g, body_id AS gid, new.status AS st, 1 AS n FROM recommendation_bodies WHERE recommendation_id = new.id
    UNION ALL SELECT 'body', 0, new.status, 1 WHERE NOT EXISTS (SELECT 1 FROM recommendation_bodies WHERE recommendation_id = new.id)
    UNION ALL SELECT 'mechanism' AS g, coalesce(old.mechanism_id, 0) AS gid, old.status AS st, -1 AS n
    UNION ALL SELECT 'source', old.source_id, old.status, -1
    UNION ALL SELECT 'body' AS g, body_id AS gid, old.status AS st, -1 AS n FROM recommendation_bodies WHERE recommendation_id = old.id
    UNION ALL SELECT 'body', 0, old.status, -1 WHERE NOT EXISTS (SELECT 1 FROM recommendation_bodies WHERE recommendation_id = old.id)
  ) GROUP BY g, gid, st HAVING sum(n) <> 0
  ON CONFLICT (grouping, group_id, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO board_targets (target_date, status, n)
  SELECT d, st, sum(n) FROM (
    SELECT new.target_date AS d, new.status AS st, 1 AS n
    UNION ALL SELECT old.target_date, old.status, -1
  ) WHERE d IS NOT NULL GROUP BY d, st HAVING sum(n) <> 0
  ON CONFLICT (target_date, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO board_last_events (day, status, n)
  SELECT d, st, sum(n) FROM (
    SELECT max(coalesce(new.last_verified_on, ''), coalesce((SELECT max(observed_on) FROM evidence_notes WHERE recommendation_id = new.id), ''), coalesce(new.status_since, '')) AS d, new.status AS st, 1 AS n
    UNION ALL SELECT max(coalesce(old.last_verified_on, ''), coalesce((SELECT max(observed_on) FROM evidence_notes WHERE recommendation_id = new.id), ''), coalesce(old.status_since, '')), old.status, -1
  ) GROUP BY d, st HAVING sum(n) <> 0
  ON CONFLICT (day, status) DO UPDATE SET n = n + excluded.n;
END;
