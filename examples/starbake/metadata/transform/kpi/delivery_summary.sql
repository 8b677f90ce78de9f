SELECT
    d.store,
    d.delivery_date,
    COUNT(*) AS deliveries,
    SUM(CASE WHEN d.minutes_late > 0 THEN 1 ELSE 0 END) AS late_deliveries,
    MAX(d.minutes_late) AS max_minutes_late
FROM
    starbake.deliveries d
GROUP BY
    d.store, d.delivery_date
