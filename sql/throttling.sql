-- Throttling: per agent since @since, how many of its messages the coordinator throttled (all kinds and
-- signals alone; the alert fires above 30 % of signals), with its activity score and threshold.
WITH
  messages AS (
    SELECT * FROM (
      SELECT m.*, ROW_NUMBER() OVER (PARTITION BY kind, insert_id ORDER BY insert_id) AS copy
      FROM (
        SELECT 'signal' AS kind, insert_id, agent_id, outcome FROM {{signals}} WHERE ts >= @since
        UNION ALL
        SELECT 'thesis' AS kind, insert_id, agent_id, outcome FROM {{theses}} WHERE ts >= @since
        UNION ALL
        SELECT 'discussion' AS kind, insert_id, agent_id, outcome FROM {{discussions}} WHERE ts >= @since
      ) AS m
    ) AS d WHERE copy = 1
  ),
  activity AS (
    SELECT
      agent_id,
      AVG(activity_score) AS mean_activity_score,
      MAX(activity_score) AS max_activity_score,
      MIN(participation_threshold) AS min_participation_threshold,
      MAX(participation_threshold) AS max_participation_threshold
    FROM {{agent_activity}}
    WHERE ts >= @since
    GROUP BY agent_id
  ),
  by_agent AS (
    SELECT
      agent_id,
      COUNT(*) AS messages,
      SUM(CASE WHEN outcome = 'throttled' THEN 1 ELSE 0 END) AS throttled,
      SUM(CASE WHEN kind = 'signal' THEN 1 ELSE 0 END) AS signals,
      SUM(CASE WHEN kind = 'signal' AND outcome = 'throttled' THEN 1 ELSE 0 END) AS signals_throttled
    FROM messages
    GROUP BY agent_id
  )
SELECT
  b.agent_id,
  b.messages,
  b.throttled,
  ROUND(1.0 * b.throttled / NULLIF(b.messages, 0), 4) AS throttled_ratio,
  b.signals,
  b.signals_throttled,
  ROUND(1.0 * b.signals_throttled / NULLIF(b.signals, 0), 4) AS signals_throttled_ratio,
  a.mean_activity_score,
  a.max_activity_score,
  a.min_participation_threshold,
  a.max_participation_threshold
FROM by_agent AS b
LEFT JOIN activity AS a ON a.agent_id = b.agent_id
ORDER BY throttled_ratio DESC, b.agent_id;
