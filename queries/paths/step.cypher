// A step x -[r]- y a query may take: traversal.Traversal.allowed (type, status, date
// window as traversal.in_window) and direction (forward, except symmetric types). Spliced
// into the WHERE of the queries below as the STEP fragment; every value is a parameter.
($types = [] OR type(r) IN $types)
AND r.status IN $statuses
AND (NOT $forward OR startNode(r) = x OR type(r) IN $symmetric)
AND (
  ($date_from IS NULL AND $date_to IS NULL)
  OR CASE
    // a dated relation: its day range must meet the window ($date_from/$date_to are
    // already the window's first and last day, computed in Python)
    WHEN r.date IS NOT NULL THEN
      ($date_from IS NULL OR CASE size(r.date)
          WHEN 4 THEN r.date + '-12-31'
          WHEN 7 THEN toString(date(r.date + '-01') + duration('P1M') - duration('P1D'))
          ELSE r.date END >= $date_from)
      AND ($date_to IS NULL OR CASE size(r.date)
          WHEN 4 THEN r.date + '-01-01'
          WHEN 7 THEN r.date + '-01'
          ELSE r.date END <= $date_to)
    // a period relation: the period must overlap the window (open ends are unbounded);
    // an 'unknown' end (timeline.period_bounds) closes it at its start, or at no day
    WHEN r.end_date = 'unknown' AND r.start_date IS NULL THEN false
    WHEN r.start_date IS NOT NULL OR r.end_date IS NOT NULL THEN
      ($date_from IS NULL OR CASE
          WHEN r.end_date IS NULL THEN '9999-12-31'
          WHEN r.end_date = 'unknown' THEN CASE size(r.start_date)
              WHEN 4 THEN r.start_date + '-12-31'
              WHEN 7 THEN toString(date(r.start_date + '-01') + duration('P1M') - duration('P1D'))
              ELSE r.start_date END
          WHEN size(r.end_date) = 4 THEN r.end_date + '-12-31'
          WHEN size(r.end_date) = 7 THEN toString(date(r.end_date + '-01') + duration('P1M') - duration('P1D'))
          ELSE r.end_date END >= $date_from)
      AND ($date_to IS NULL OR CASE
          WHEN r.start_date IS NULL THEN '0001-01-01'
          WHEN size(r.start_date) = 4 THEN r.start_date + '-01-01'
          WHEN size(r.start_date) = 7 THEN r.start_date + '-01'
          ELSE r.start_date END <= $date_to)
    ELSE true
  END
)
