-- A recommendation's body links written cheaply, as 0023 made the board's link triggers (issue 15): the sides'
-- link triggers (0021_party_statuses) counted the countries of all the recommendation's links on every link
-- written or removed, so writing n links cost n²/2 steps again (an import row of 1,000 supporting bodies: 0.1 to
-- 0.5 s). The set of countries changes only when a link brings a country no other link of the recommendation
-- has, or takes away the last link of one; each trigger now asks that with one seek first (does another link name
-- this country?) and recounts only then. A body's country the sides ignore (multilateral, unspecified) changes
-- nothing; a removal from a recommendation without a side nobody has assessed has nothing to remove.
DROP TRIGGER party_statuses_link_insert;
--> statement-breakpoint
CREATE TRIGGER party_statuses_link_insert AFTER INSERT ON recommendation_bodies
WHEN (SELECT country FROM bodies WHERE id = new.body_id) NOT IN ('multilateral', 'unspecified')
  AND NOT EXISTS (
    SELECT 1 FROM recommendation_bodies rb JOIN bodies b ON b.id = rb.body_id
    WHERE rb.recommendation_id = new.recommendation_id AND rb.body_id <> new.body_id
      AND b.country = (SELECT country FROM bodies WHERE id = new.body_id))
BEGIN
  INSERT OR IGNORE INTO party_statuses (recommendation_id, party)
  SELECT DISTINCT new.recommendation_id, b.country FROM recommendation_bodies rb JOIN bodies b ON b.id = rb.body_id
  WHERE rb.recommendation_id = new.recommendation_id AND b.country NOT IN ('multilateral', 'unspecified')
    AND (SELECT count(DISTINCT b2.country) FROM recommendation_bodies rb2 JOIN bodies b2 ON b2.id = rb2.body_id
         WHERE rb2.recommendation_id = new.recommendation_id AND b2.country NOT IN ('multilateral', 'unspecified')) >= 2;
END;
--> statement-breakpoint
DROP TRIGGER party_statuses_link_delete;
--> statement-breakpoint
CREATE TRIGGER party_statuses_link_delete AFTER DELETE ON recommendation_bodies
WHEN (SELECT country FROM bodies WHERE id = old.body_id) NOT IN ('multilateral', 'unspecified')
  AND EXISTS (SELECT 1 FROM party_statuses WHERE recommendation_id = old.recommendation_id AND updated_at IS NULL)
  AND NOT EXISTS (
    SELECT 1 FROM recommendation_bodies rb JOIN bodies b ON b.id = rb.body_id
    WHERE rb.recommendation_id = old.recommendation_id
      AND b.country = (SELECT country FROM bodies WHERE id = old.body_id))
BEGIN
  DELETE FROM party_statuses WHERE recommendation_id = old.recommendation_id AND updated_at IS NULL
    AND party NOT IN (
      SELECT b.country FROM recommendation_bodies rb JOIN bodies b ON b.id = rb.body_id
      WHERE rb.recommendation_id = old.recommendation_id AND b.country NOT IN ('multilateral', 'unspecified')
        AND (SELECT count(DISTINCT b2.country) FROM recommendation_bodies rb2 JOIN bodies b2 ON b2.id = rb2.body_id
             WHERE rb2.recommendation_id = old.recommendation_id AND b2.country NOT IN ('multilateral', 'unspecified')) >= 2);
END;
