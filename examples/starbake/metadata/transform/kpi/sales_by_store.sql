SELECT
    s.store,
    COUNT(*) AS sales,
    SUM(s.quantity) AS items,
    SUM(s.amount) AS revenue
FROM
    starbake.sales s
GROUP BY
    s.store
