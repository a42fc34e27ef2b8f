-- Lineage: every fill since @since, traced back to the order, the signal behind the order, the thesis
-- behind the signal and the discussion behind the thesis (fills → orders → signals → theses → discussions).
-- Tables are placeholders in double braces; see sql/README.md for running this in BigQuery or on the local sink.
-- Streaming de-duplication by insertId is best effort, so each table is de-duplicated on insert_id first.
WITH
  fills AS (
    SELECT * FROM (
      SELECT t.*, ROW_NUMBER() OVER (PARTITION BY insert_id ORDER BY insert_id) AS copy
      FROM {{fills}} AS t WHERE ts >= @since
    ) AS d WHERE copy = 1
  ),
  orders AS (
    SELECT * FROM (
      SELECT t.*, ROW_NUMBER() OVER (PARTITION BY insert_id ORDER BY insert_id) AS copy
      FROM {{orders}} AS t WHERE ts >= @since
    ) AS d WHERE copy = 1
  ),
  signals AS (
    SELECT * FROM (
      SELECT t.*, ROW_NUMBER() OVER (PARTITION BY insert_id ORDER BY insert_id) AS copy
      FROM {{signals}} AS t WHERE ts >= @since
    ) AS d WHERE copy = 1
  ),
  theses AS (
    SELECT * FROM (
      SELECT t.*, ROW_NUMBER() OVER (PARTITION BY insert_id ORDER BY insert_id) AS copy
      FROM {{theses}} AS t WHERE ts >= @since
    ) AS d WHERE copy = 1
  ),
  discussions AS (
    SELECT * FROM (
      SELECT t.*, ROW_NUMBER() OVER (PARTITION BY insert_id ORDER BY insert_id) AS copy
      FROM {{discussions}} AS t WHERE ts >= @since
    ) AS d WHERE copy = 1
  )
SELECT
  f.ts AS fill_ts,
  f.agent_id,
  f.symbol,
  f.side,
  f.quantity,
  f.price,
  f.fee_usd,
  f.client_order_id,
  o.status AS order_status,
  s.message_id AS signal_id,
  s.confidence AS signal_confidence,
  t.message_id AS thesis_id,
  t.agent_id AS thesis_agent_id,
  t.text AS thesis_text,
  d.message_id AS discussion_id,
  d.agent_id AS discussion_agent_id,
  d.text AS discussion_text
FROM fills AS f
LEFT JOIN orders AS o ON o.client_order_id = f.client_order_id
LEFT JOIN signals AS s ON s.message_id = f.signal_id
LEFT JOIN theses AS t ON t.message_id = s.correlation_id
LEFT JOIN discussions AS d ON d.message_id = t.correlation_id
ORDER BY f.ts, f.client_order_id;
