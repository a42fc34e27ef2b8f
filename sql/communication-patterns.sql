-- Communication patterns: who talks, in which kind of message, what the coordinator did with it, and
-- who answers whom (a reply is a message whose correlation_id is another agent's message_id).
WITH
  messages AS (
    SELECT * FROM (
      SELECT m.*, ROW_NUMBER() OVER (PARTITION BY kind, insert_id ORDER BY insert_id) AS copy
      FROM (
        SELECT 'signal' AS kind, insert_id, message_id, correlation_id, agent_id, outcome FROM {{signals}} WHERE ts >= @since
        UNION ALL
        SELECT 'thesis' AS kind, insert_id, message_id, correlation_id, agent_id, outcome FROM {{theses}} WHERE ts >= @since
        UNION ALL
        SELECT 'discussion' AS kind, insert_id, message_id, correlation_id, agent_id, outcome FROM {{discussions}} WHERE ts >= @since
      ) AS m
    ) AS d WHERE copy = 1
  )
SELECT
  m.agent_id,
  m.kind,
  COUNT(DISTINCT m.message_id) AS messages,
  COUNT(DISTINCT CASE WHEN m.outcome = 'accepted' THEN m.message_id END) AS accepted,
  COUNT(DISTINCT CASE WHEN m.outcome = 'throttled' THEN m.message_id END) AS throttled,
  COUNT(DISTINCT CASE WHEN m.outcome = 'rejected' THEN m.message_id END) AS rejected,
  COUNT(DISTINCT r.message_id) AS replies_received,
  COUNT(DISTINCT r.agent_id) AS distinct_repliers
FROM messages AS m
LEFT JOIN messages AS r ON r.correlation_id = m.message_id AND r.agent_id <> m.agent_id
GROUP BY m.agent_id, m.kind
ORDER BY m.agent_id, m.kind;
