-- A recommendation's body links written cheaply (issue 15): migration 0012's link triggers asked whether
-- a link was the recommendation's first, or its last gone, by counting all its links, so writing a
-- recommendation's n links cost n²/2 index steps (an import row of 1,000 supporting bodies: half a
-- million, a second and more per row, holding the write). The same question as one index seek: is there
-- another link? Same counts, same triggers otherwise.
DROP TRIGGER board_links_insert;
--> statement-breakpoint
CREATE TRIGGER board_links_insert AFTER INSERT ON recommendation_bodies
BEGIN
  INSERT INTO board_counts (grouping, group_id, status, n)
  SELECT g, gid, st, sum(n) FROM (
    SELECT 'body' AS g, new.body_id AS gid, r.status AS st, 1 AS n FROM recommendations r WHERE r.id = new.recommendation_id
    UNION ALL SELECT 'body', 0, r.status, -1 FROM recommendations r WHERE r.id = new.recommendation_id
       AND NOT EXISTS (SELECT 1 FROM recommendation_bodies WHERE recommendation_id = new.recommendation_id AND body_id <> new.body_id)
  ) GROUP BY g, gid, st HAVING sum(n) <> 0
  ON CONFLICT (grouping, group_id, status) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
DROP TRIGGER board_links_delete;
--> statement-breakpoint
CREATE TRIGGER board_links_delete AFTER DELETE ON recommendation_bodies
BEGIN
  INSERT INTO board_counts (grouping, group_id, status, n)
  SELECT g, gid, st, sum(n) FROM (
    SELECT 'body' AS g, old.body_id AS gid, r.status AS st, -1 AS n FROM recommendations r WHERE r.id = old.recommendation_id
    UNION ALL SELECT 'body', 0, r.status, 1 FROM recommendations r WHERE r.id = old.recommendation_id
       AND NOT EXISTS (SELECT 1 FROM recommendation_bodies WHERE recommendation_id = old.recommendation_id)
  ) GROUP BY g, gid, st HAVING sum(n) <> 0
  ON CONFLICT (grouping, group_id, status) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
DROP TRIGGER board_links_update;
--> statement-breakpoint
CREATE TRIGGER board_links_update AFTER UPDATE OF body_id, recommendation_id ON recommendation_bodies WHEN old.body_id IS NOT new.body_id OR old.recommendation_id IS NOT new.recommendation_id
BEGIN
  INSERT INTO board_counts (grouping, group_id, status, n)
  SELECT g, gid, st, sum(n) FROM (
    SELECT 'body' AS g, old.body_id AS gid, r.status AS st, -1 AS n FROM recommendations r WHERE r.id = old.recommendation_id
    UNION ALL SELECT 'body', 0, r.status, 1 FROM recommendations r WHERE r.id = old.recommendation_id
       AND NOT EXISTS (SELECT 1 FROM recommendation_bodies WHERE recommendation_id = old.recommendation_id)
  ) GROUP BY g, gid, st HAVING sum(n) <> 0
  ON CONFLICT (grouping, group_id, status) DO UPDATE SET n = n + excluded.n;
  INSERT INTO board_counts (grouping, group_id, status, n)
  SELECT g, gid, st, sum(n) FROM (
    SELECT 'body' AS g, new.body_id AS gid, r.status AS st, 1 AS n FROM recommendations r WHERE r.id = new.recommendation_id
    UNION ALL SELECT 'body', 0, r.status, -1 FROM recommendations r WHERE r.id = new.recommendation_id
       AND NOT EXISTS (SELECT 1 FROM recommendation_bodies WHERE recommendation_id = new.recommendation_id AND body_id <> new.body_id)
  ) GROUP BY g, gid, st HAVING sum(n) <> 0
  ON CONFLICT (grouping, group_id, status) DO UPDATE SET n = n + excluded.n;
END;
