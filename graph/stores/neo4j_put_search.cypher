UNWIND $rows AS row
MERGE (s:EntitySearch {entity_id: row.id})
SET s.text = row.text
