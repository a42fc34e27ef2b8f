-- Agent contribution: per agent since @since, what it traded (fills, notional, fees), the signals it
-- sent and how many became fills, the theses of its that led to fills (through the lineage), and its
-- latest PnL and allocation from the portfolio snapshots.
WITH
  fills AS (
    SELECT * FROM (
      SELECT t.*, ROW_NUMBER() OVER (PARTITION BY insert_id ORDER BY insert_id) AS copy
      FROM {{fills}} AS t WHERE ts >= @since
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
  latest_snapshot AS (
    SELECT * FROM (
      SELECT t.*, ROW_NUMBER() OVER (PARTITION BY agent_id ORDER BY ts DESC, insert_id DESC) AS recency
      FROM {{portfolio_snapshots}} AS t WHERE ts >= @since
    ) AS d WHERE recency = 1
  ),
  agents AS (
    SELECT DISTINCT agent_id FROM (
      SELECT agent_id FROM fills
      UNION ALL SELECT agent_id FROM signals
      UNION ALL SELECT agent_id FROM theses
      UNION ALL SELECT agent_id FROM latest_snapshot
    ) AS a
  ),
  trading AS (
    SELECT agent_id, COUNT(*) AS fills, SUM(quantity * price) AS notional_usd, SUM(fee_usd) AS fees_usd,
      COUNT(DISTINCT signal_id) AS signals_filled
    FROM fills GROUP BY agent_id
  ),
  signalling AS (
    SELECT agent_id, COUNT(*) AS signals_sent FROM signals GROUP BY agent_id
  ),
  thesis_credit AS (
    SELECT t.agent_id, COUNT(DISTINCT t.message_id) AS theses_behind_fills
    FROM fills AS f
    JOIN signals AS s ON s.message_id = f.signal_id
    JOIN theses AS t ON t.message_id = s.correlation_id
    GROUP BY t.agent_id
  )
SELECT
  a.agent_id,
  COALESCE(tr.fills, 0) AS fills,
  COALESCE(tr.notional_usd, 0) AS notional_usd,
  COALESCE(tr.fees_usd, 0) AS fees_usd,
  COALESCE(sg.signals_sent, 0) AS signals_sent,
  COALESCE(tr.signals_filled, 0) AS signals_filled,
  COALESCE(tc.theses_behind_fills, 0) AS theses_behind_fills,
  ls.pnl_usd AS latest_pnl_usd,
  ls.allocation_pct AS latest_allocation_pct
FROM agents AS a
LEFT JOIN trading AS tr ON tr.agent_id = a.agent_id
LEFT JOIN signalling AS sg ON sg.agent_id = a.agent_id
LEFT JOIN thesis_credit AS tc ON tc.agent_id = a.agent_id
LEFT JOIN latest_snapshot AS ls ON ls.agent_id = a.agent_id
ORDER BY a.agent_id;
