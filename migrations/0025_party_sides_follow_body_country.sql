-- A body's country changed (an admin corrects it): the sides of every recommendation linked to it are derived
-- again, as the link triggers (0021_party_statuses, 0024_party_sides_seek) derive them when a link comes or goes.
-- A side appears for each country of a recommendation whose bodies now name two or more; a side nobody has
-- assessed (updated_at NULL) goes when its country no longer qualifies; an assessed one stays, with its history.
-- The recommendations with two countries or more are found once by GROUP BY, not counted again per link (a row of
-- 1,000 supporting bodies would cost n² steps otherwise).
CREATE TRIGGER party_statuses_body_country AFTER UPDATE OF country ON bodies
WHEN old.country IS NOT new.country
BEGIN
  DELETE FROM party_statuses
  WHERE updated_at IS NULL
    AND recommendation_id IN (SELECT recommendation_id FROM recommendation_bodies WHERE body_id = new.id)
    AND (recommendation_id, party) NOT IN (
      SELECT DISTINCT rb.recommendation_id, b.country FROM recommendation_bodies rb JOIN bodies b ON b.id = rb.body_id
      WHERE b.country NOT IN ('multilateral', 'unspecified')
        AND rb.recommendation_id IN (
          SELECT rb2.recommendation_id FROM recommendation_bodies rb2 JOIN bodies b2 ON b2.id = rb2.body_id
          WHERE rb2.recommendation_id IN (SELECT recommendation_id FROM recommendation_bodies WHERE body_id = new.id)
            AND b2.country NOT IN ('multilateral', 'unspecified')
          GROUP BY rb2.recommendation_id HAVING count(DISTINCT b2.country) >= 2));
  INSERT OR IGNORE INTO party_statuses (recommendation_id, party)
  SELECT DISTINCT rb.recommendation_id, b.country FROM recommendation_bodies rb JOIN bodies b ON b.id = rb.body_id
  WHERE b.country NOT IN ('multilateral', 'unspecified')
    AND rb.recommendation_id IN (
      SELECT rb2.recommendation_id FROM recommendation_bodies rb2 JOIN bodies b2 ON b2.id = rb2.body_id
      WHERE rb2.recommendation_id IN (SELECT recommendation_id FROM recommendation_bodies WHERE body_id = new.id)
        AND b2.country NOT IN ('multilateral', 'unspecified')
      GROUP BY rb2.recommendation_id HAVING count(DISTINCT b2.country) >= 2);
END;
