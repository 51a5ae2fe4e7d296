-- The board's summaries (issue 20; decision 0008), kept current by triggers in the transaction of every write,
-- whichever code writes: status changes (back-dated too), edits, imports, deletions, the seed. Then filled from the data.
CREATE TRIGGER board_history_days_insert AFTER INSERT ON board_history_days
BEGIN
  INSERT INTO board_history_months (month, status, n) VALUES (substr(new.day, 1, 7), new.status, new.n) ON CONFLICT (month, status) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER board_history_days_update AFTER UPDATE OF n ON board_history_days
BEGIN
  UPDATE board_history_months SET n = n + new.n - old.n WHERE month = substr(new.day, 1, 7) AND status = new.status;
END;
--> statement-breakpoint
CREATE TRIGGER board_recommendations_insert AFTER INSERT ON recommendations
BEGIN
  INSERT INTO board_counts (grouping, group_id, status, n)
  SELECT g, gid, st, sum(n) FROM (
    SELECT 'mechanism' AS g, coalesce(new.mechanism_id, 0) AS gid, new.status AS st, 1 AS n
    UNION ALL SELECT 'source', new.source_id, new.status, 1
    UNION ALL SELECT 'body' AS g, body_id AS gid, new.status AS st, 1 AS n FROM recommendation_bodies WHERE recommendation_id = new.id
    UNION ALL SELECT 'body', 0, new.status, 1 WHERE NOT EXISTS (SELECT 1 FROM recommendation_bodies WHERE recommendation_id = new.id)
  ) GROUP BY g, gid, st HAVING sum(n) <> 0
  ON CONFLICT (grouping, group_id, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO board_targets (target_date, status, n)
  SELECT d, st, sum(n) FROM (
    SELECT new.target_date AS d, new.status AS st, 1 AS n
  ) WHERE d IS NOT NULL GROUP BY d, st HAVING sum(n) <> 0
  ON CONFLICT (target_date, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO board_last_events (day, status, n)
  SELECT d, st, sum(n) FROM (
    SELECT max(coalesce(new.last_verified_on, ''), coalesce((SELECT max(observed_on) FROM evidence_notes WHERE recommendation_id = new.id), ''), coalesce(new.status_since, '')) AS d, new.status AS st, 1 AS n
  ) GROUP BY d, st HAVING sum(n) <> 0
  ON CONFLICT (day, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO board_history_days (day, status, n)
  SELECT day, status, sum(n) FROM (
    SELECT day, status, n FROM (SELECT day, status, n FROM (
    WITH h AS (SELECT recommendation_id AS rid, effective_on AS on_, id, to_status AS st FROM status_history WHERE recommendation_id = new.id), p AS (SELECT r.id AS rid, CASE length(s.published_on) WHEN 4 THEN s.published_on || '-12-31' WHEN 7 THEN date(s.published_on || '-01', '+1 month', '-1 day') ELSE s.published_on END AS pub FROM recommendations r JOIN sources s ON s.id = r.source_id WHERE r.id = new.id),
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
CREATE TRIGGER board_recommendations_delete BEFORE DELETE ON recommendations
BEGIN
  INSERT INTO board_counts (grouping, group_id, status, n)
  SELECT g, gid, st, sum(n) FROM (
    SELECT 'mechanism' AS g, coalesce(old.mechanism_id, 0) AS gid, old.status AS st, -1 AS n
    UNION ALL SELECT 'source', old.source_id, old.status, -1
    UNION ALL SELECT 'body' AS g, body_id AS gid, old.status AS st, -1 AS n FROM recommendation_bodies WHERE recommendation_id = old.id
    UNION ALL SELECT 'body', 0, old.status, -1 WHERE NOT EXISTS (SELECT 1 FROM recommendation_bodies WHERE recommendation_id = old.id)
  ) GROUP BY g, gid, st HAVING sum(n) <> 0
  ON CONFLICT (grouping, group_id, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO board_targets (target_date, status, n)
  SELECT d, st, sum(n) FROM (
    SELECT old.target_date AS d, old.status AS st, -1 AS n
  ) WHERE d IS NOT NULL GROUP BY d, st HAVING sum(n) <> 0
  ON CONFLICT (target_date, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO board_last_events (day, status, n)
  SELECT d, st, sum(n) FROM (
    SELECT max(coalesce(old.last_verified_on, ''), coalesce((SELECT max(observed_on) FROM evidence_notes WHERE recommendation_id = old.id), ''), coalesce(old.status_since, '')) AS d, old.status AS st, -1 AS n
  ) GROUP BY d, st HAVING sum(n) <> 0
  ON CONFLICT (day, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO board_history_days (day, status, n)
  SELECT day, status, sum(n) FROM (
    SELECT day, status, -n AS n FROM (SELECT day, status, n FROM (
    WITH h AS (SELECT recommendation_id AS rid, effective_on AS on_, id, to_status AS st FROM status_history WHERE recommendation_id = old.id), p AS (SELECT r.id AS rid, CASE length(s.published_on) WHEN 4 THEN s.published_on || '-12-31' WHEN 7 THEN date(s.published_on || '-01', '+1 month', '-1 day') ELSE s.published_on END AS pub FROM recommendations r JOIN sources s ON s.id = r.source_id WHERE r.id = old.id),
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
CREATE TRIGGER board_recommendations_update AFTER UPDATE OF status, mechanism_id, source_id, target_date, status_since, last_verified_on ON recommendations
  WHEN old.status IS NOT new.status OR old.mechanism_id IS NOT new.mechanism_id OR old.source_id IS NOT new.source_id
    OR old.target_date IS NOT new.target_date OR old.status_since IS NOT new.status_since OR old.last_verified_on IS NOT new.last_verified_on
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
--> statement-breakpoint
CREATE TRIGGER board_recommendations_source AFTER UPDATE OF source_id ON recommendations WHEN old.source_id IS NOT new.source_id
BEGIN
  INSERT INTO board_history_days (day, status, n)
  SELECT day, status, sum(n) FROM (
    SELECT day, status, n FROM (SELECT day, status, n FROM (
    WITH h AS (SELECT recommendation_id AS rid, effective_on AS on_, id, to_status AS st FROM status_history WHERE recommendation_id = new.id), p AS (SELECT r.id AS rid, CASE length(s.published_on) WHEN 4 THEN s.published_on || '-12-31' WHEN 7 THEN date(s.published_on || '-01', '+1 month', '-1 day') ELSE s.published_on END AS pub FROM recommendations r JOIN sources s ON s.id = r.source_id WHERE r.id = new.id),
    d AS (SELECT rid, on_, st, lead(on_) OVER (PARTITION BY rid ORDER BY on_, id) AS nexton FROM h WHERE rid IN (SELECT rid FROM p)),
    f AS (SELECT rid, min(on_) AS first FROM h GROUP BY rid),
    s AS (SELECT rid, on_ AS day, st FROM d WHERE nexton IS NULL OR nexton <> on_
          UNION ALL SELECT p.rid, p.pub, 'not_assessed' FROM p LEFT JOIN f ON f.rid = p.rid WHERE f.first IS NULL OR p.pub < f.first),
    w AS (SELECT day, st, lag(st) OVER (PARTITION BY rid ORDER BY day) AS prev FROM s)
    SELECT day, st AS status, 1 AS n FROM w UNION ALL SELECT day, prev, -1 FROM w WHERE prev IS NOT NULL))
    UNION ALL SELECT day, status, -n AS n FROM (SELECT day, status, n FROM (
    WITH h AS (SELECT recommendation_id AS rid, effective_on AS on_, id, to_status AS st FROM status_history WHERE recommendation_id = new.id), p AS (SELECT new.id AS rid, CASE length(s.published_on) WHEN 4 THEN s.published_on || '-12-31' WHEN 7 THEN date(s.published_on || '-01', '+1 month', '-1 day') ELSE s.published_on END AS pub FROM sources s WHERE s.id = old.source_id),
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
CREATE TRIGGER board_sources_published AFTER UPDATE OF published_on ON sources WHEN old.published_on IS NOT new.published_on
BEGIN
  INSERT INTO board_history_days (day, status, n)
  SELECT day, status, sum(n) FROM (
    SELECT day, status, n FROM (SELECT day, status, n FROM (
    WITH h AS (SELECT h.recommendation_id AS rid, h.effective_on AS on_, h.id, h.to_status AS st FROM status_history h JOIN recommendations r ON r.id = h.recommendation_id WHERE r.source_id = new.id), p AS (SELECT r.id AS rid, CASE length(new.published_on) WHEN 4 THEN new.published_on || '-12-31' WHEN 7 THEN date(new.published_on || '-01', '+1 month', '-1 day') ELSE new.published_on END AS pub FROM recommendations r WHERE r.source_id = new.id),
    d AS (SELECT rid, on_, st, lead(on_) OVER (PARTITION BY rid ORDER BY on_, id) AS nexton FROM h WHERE rid IN (SELECT rid FROM p)),
    f AS (SELECT rid, min(on_) AS first FROM h GROUP BY rid),
    s AS (SELECT rid, on_ AS day, st FROM d WHERE nexton IS NULL OR nexton <> on_
          UNION ALL SELECT p.rid, p.pub, 'not_assessed' FROM p LEFT JOIN f ON f.rid = p.rid WHERE f.first IS NULL OR p.pub < f.first),
    w AS (SELECT day, st, lag(st) OVER (PARTITION BY rid ORDER BY day) AS prev FROM s)
    SELECT day, st AS status, 1 AS n FROM w UNION ALL SELECT day, prev, -1 FROM w WHERE prev IS NOT NULL))
    UNION ALL SELECT day, status, -n AS n FROM (SELECT day, status, n FROM (
    WITH h AS (SELECT h.recommendation_id AS rid, h.effective_on AS on_, h.id, h.to_status AS st FROM status_history h JOIN recommendations r ON r.id = h.recommendation_id WHERE r.source_id = new.id), p AS (SELECT r.id AS rid, CASE length(old.published_on) WHEN 4 THEN old.published_on || '-12-31' WHEN 7 THEN date(old.published_on || '-01', '+1 month', '-1 day') ELSE old.published_on END AS pub FROM recommendations r WHERE r.source_id = new.id),
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
CREATE TRIGGER board_links_insert AFTER INSERT ON recommendation_bodies
BEGIN
  INSERT INTO board_counts (grouping, group_id, status, n)
  SELECT g, gid, st, sum(n) FROM (
    SELECT 'body' AS g, new.body_id AS gid, r.status AS st, 1 AS n FROM recommendations r WHERE r.id = new.recommendation_id
    UNION ALL SELECT 'body', 0, r.status, -1 FROM recommendations r WHERE r.id = new.recommendation_id
       AND 1 = (SELECT count(*) FROM recommendation_bodies WHERE recommendation_id = new.recommendation_id)
  ) GROUP BY g, gid, st HAVING sum(n) <> 0
  ON CONFLICT (grouping, group_id, status) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER board_links_delete AFTER DELETE ON recommendation_bodies
BEGIN
  INSERT INTO board_counts (grouping, group_id, status, n)
  SELECT g, gid, st, sum(n) FROM (
    SELECT 'body' AS g, old.body_id AS gid, r.status AS st, -1 AS n FROM recommendations r WHERE r.id = old.recommendation_id
    UNION ALL SELECT 'body', 0, r.status, 1 FROM recommendations r WHERE r.id = old.recommendation_id
       AND 0 = (SELECT count(*) FROM recommendation_bodies WHERE recommendation_id = old.recommendation_id)
  ) GROUP BY g, gid, st HAVING sum(n) <> 0
  ON CONFLICT (grouping, group_id, status) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER board_links_update AFTER UPDATE OF body_id, recommendation_id ON recommendation_bodies WHEN old.body_id IS NOT new.body_id OR old.recommendation_id IS NOT new.recommendation_id
BEGIN
  INSERT INTO board_counts (grouping, group_id, status, n)
  SELECT g, gid, st, sum(n) FROM (
    SELECT 'body' AS g, old.body_id AS gid, r.status AS st, -1 AS n FROM recommendations r WHERE r.id = old.recommendation_id
    UNION ALL SELECT 'body', 0, r.status, 1 FROM recommendations r WHERE r.id = old.recommendation_id
       AND 0 = (SELECT count(*) FROM recommendation_bodies WHERE recommendation_id = old.recommendation_id)
  ) GROUP BY g, gid, st HAVING sum(n) <> 0
  ON CONFLICT (grouping, group_id, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO board_counts (grouping, group_id, status, n)
  SELECT g, gid, st, sum(n) FROM (
    SELECT 'body' AS g, new.body_id AS gid, r.status AS st, 1 AS n FROM recommendations r WHERE r.id = new.recommendation_id
    UNION ALL SELECT 'body', 0, r.status, -1 FROM recommendations r WHERE r.id = new.recommendation_id
       AND 1 = (SELECT count(*) FROM recommendation_bodies WHERE recommendation_id = new.recommendation_id)
  ) GROUP BY g, gid, st HAVING sum(n) <> 0
  ON CONFLICT (grouping, group_id, status) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER board_history_insert AFTER INSERT ON status_history
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
CREATE TRIGGER board_history_delete AFTER DELETE ON status_history
BEGIN
  INSERT INTO board_history_days (day, status, n)
  SELECT day, status, sum(n) FROM (
    SELECT day, status, n FROM (SELECT day, status, n FROM (
    WITH h AS (SELECT recommendation_id AS rid, effective_on AS on_, id, to_status AS st FROM status_history WHERE recommendation_id = old.recommendation_id), p AS (SELECT r.id AS rid, CASE length(s.published_on) WHEN 4 THEN s.published_on || '-12-31' WHEN 7 THEN date(s.published_on || '-01', '+1 month', '-1 day') ELSE s.published_on END AS pub FROM recommendations r JOIN sources s ON s.id = r.source_id WHERE r.id = old.recommendation_id),
    d AS (SELECT rid, on_, st, lead(on_) OVER (PARTITION BY rid ORDER BY on_, id) AS nexton FROM h WHERE rid IN (SELECT rid FROM p)),
    f AS (SELECT rid, min(on_) AS first FROM h GROUP BY rid),
    s AS (SELECT rid, on_ AS day, st FROM d WHERE nexton IS NULL OR nexton <> on_
          UNION ALL SELECT p.rid, p.pub, 'not_assessed' FROM p LEFT JOIN f ON f.rid = p.rid WHERE f.first IS NULL OR p.pub < f.first),
    w AS (SELECT day, st, lag(st) OVER (PARTITION BY rid ORDER BY day) AS prev FROM s)
    SELECT day, st AS status, 1 AS n FROM w UNION ALL SELECT day, prev, -1 FROM w WHERE prev IS NOT NULL))
    UNION ALL SELECT day, status, -n AS n FROM (SELECT day, status, n FROM (
    WITH h AS (SELECT recommendation_id AS rid, effective_on AS on_, id, to_status AS st FROM status_history WHERE recommendation_id = old.recommendation_id UNION ALL SELECT old.recommendation_id, old.effective_on, old.id, old.to_status), p AS (SELECT r.id AS rid, CASE length(s.published_on) WHEN 4 THEN s.published_on || '-12-31' WHEN 7 THEN date(s.published_on || '-01', '+1 month', '-1 day') ELSE s.published_on END AS pub FROM recommendations r JOIN sources s ON s.id = r.source_id WHERE r.id = old.recommendation_id),
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
CREATE TRIGGER board_notes_insert AFTER INSERT ON evidence_notes
BEGIN
  INSERT INTO board_last_events (day, status, n)
  SELECT d, st, sum(n) FROM (
    SELECT max(coalesce(r.last_verified_on, ''), coalesce((SELECT max(observed_on) FROM evidence_notes WHERE recommendation_id = new.recommendation_id), ''), coalesce(r.status_since, '')) AS d, r.status AS st, 1 AS n FROM recommendations r WHERE r.id = new.recommendation_id
    UNION ALL SELECT max(coalesce(r.last_verified_on, ''), coalesce((SELECT max(observed_on) FROM evidence_notes WHERE recommendation_id = new.recommendation_id AND id <> new.id), ''), coalesce(r.status_since, '')) AS d, r.status AS st, -1 AS n FROM recommendations r WHERE r.id = new.recommendation_id
  ) GROUP BY d, st HAVING sum(n) <> 0
  ON CONFLICT (day, status) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER board_notes_delete AFTER DELETE ON evidence_notes
BEGIN
  INSERT INTO board_last_events (day, status, n)
  SELECT d, st, sum(n) FROM (
    SELECT max(coalesce(r.last_verified_on, ''), coalesce((SELECT max(observed_on) FROM evidence_notes WHERE recommendation_id = old.recommendation_id), ''), coalesce(r.status_since, '')) AS d, r.status AS st, 1 AS n FROM recommendations r WHERE r.id = old.recommendation_id
    UNION ALL SELECT max(coalesce(r.last_verified_on, ''), coalesce(max(coalesce((SELECT max(observed_on) FROM evidence_notes WHERE recommendation_id = old.recommendation_id), ''), old.observed_on), ''), coalesce(r.status_since, '')) AS d, r.status AS st, -1 AS n FROM recommendations r WHERE r.id = old.recommendation_id
  ) GROUP BY d, st HAVING sum(n) <> 0
  ON CONFLICT (day, status) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER board_notes_update AFTER UPDATE OF observed_on, recommendation_id ON evidence_notes
  WHEN old.observed_on IS NOT new.observed_on OR old.recommendation_id IS NOT new.recommendation_id
BEGIN
  INSERT INTO board_last_events (day, status, n)
  SELECT d, st, sum(n) FROM (
    SELECT max(coalesce(r.last_verified_on, ''), coalesce((SELECT max(observed_on) FROM evidence_notes WHERE recommendation_id = new.recommendation_id), ''), coalesce(r.status_since, '')) AS d, r.status AS st, 1 AS n FROM recommendations r WHERE r.id = new.recommendation_id
    UNION ALL SELECT max(coalesce(r.last_verified_on, ''), coalesce(max(coalesce((SELECT max(observed_on) FROM evidence_notes WHERE recommendation_id = new.recommendation_id AND id <> new.id), ''), CASE WHEN old.recommendation_id = new.recommendation_id THEN old.observed_on ELSE '' END), ''), coalesce(r.status_since, '')) AS d, r.status AS st, -1 AS n FROM recommendations r WHERE r.id = new.recommendation_id
    UNION ALL SELECT max(coalesce(r.last_verified_on, ''), coalesce((SELECT max(observed_on) FROM evidence_notes WHERE recommendation_id = old.recommendation_id), ''), coalesce(r.status_since, '')) AS d, r.status AS st, 1 AS n FROM recommendations r WHERE r.id = old.recommendation_id AND old.recommendation_id <> new.recommendation_id
    UNION ALL SELECT max(coalesce(r.last_verified_on, ''), coalesce(max(coalesce((SELECT max(observed_on) FROM evidence_notes WHERE recommendation_id = old.recommendation_id), ''), old.observed_on), ''), coalesce(r.status_since, '')) AS d, r.status AS st, -1 AS n FROM recommendations r WHERE r.id = old.recommendation_id AND old.recommendation_id <> new.recommendation_id
  ) GROUP BY d, st HAVING sum(n) <> 0
  ON CONFLICT (day, status) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
-- Fill the summaries from the data as it stands.
INSERT INTO board_counts (grouping, group_id, status, n)
  SELECT 'mechanism', coalesce(mechanism_id, 0), status, count(*) FROM recommendations GROUP BY 2, 3;
--> statement-breakpoint
INSERT INTO board_counts (grouping, group_id, status, n)
  SELECT 'source', source_id, status, count(*) FROM recommendations GROUP BY 2, 3;
--> statement-breakpoint
INSERT INTO board_counts (grouping, group_id, status, n)
  SELECT 'body', coalesce(l.body_id, 0), r.status, count(*) FROM recommendations r LEFT JOIN recommendation_bodies l ON l.recommendation_id = r.id GROUP BY 2, 3;
--> statement-breakpoint
INSERT INTO board_targets (target_date, status, n)
  SELECT target_date, status, count(*) FROM recommendations WHERE target_date IS NOT NULL GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO board_last_events (day, status, n)
  SELECT max(coalesce(last_verified_on, ''), coalesce((SELECT max(observed_on) FROM evidence_notes WHERE recommendation_id = r.id), ''), coalesce(status_since, '')), status, count(*) FROM recommendations r GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO board_history_days (day, status, n)
  SELECT day, status, sum(n) FROM (SELECT day, status, n FROM (
    WITH h AS (SELECT recommendation_id AS rid, effective_on AS on_, id, to_status AS st FROM status_history), p AS (SELECT r.id AS rid, CASE length(s.published_on) WHEN 4 THEN s.published_on || '-12-31' WHEN 7 THEN date(s.published_on || '-01', '+1 month', '-1 day') ELSE s.published_on END AS pub FROM recommendations r JOIN sources s ON s.id = r.source_id),
    d AS (SELECT rid, on_, st, lead(on_) OVER (PARTITION BY rid ORDER BY on_, id) AS nexton FROM h WHERE rid IN (SELECT rid FROM p)),
    f AS (SELECT rid, min(on_) AS first FROM h GROUP BY rid),
    s AS (SELECT rid, on_ AS day, st FROM d WHERE nexton IS NULL OR nexton <> on_
          UNION ALL SELECT p.rid, p.pub, 'not_assessed' FROM p LEFT JOIN f ON f.rid = p.rid WHERE f.first IS NULL OR p.pub < f.first),
    w AS (SELECT day, st, lag(st) OVER (PARTITION BY rid ORDER BY day) AS prev FROM s)
    SELECT day, st AS status, 1 AS n FROM w UNION ALL SELECT day, prev, -1 FROM w WHERE prev IS NOT NULL))
  GROUP BY day, status HAVING sum(n) <> 0;
