// Lucene's CJK analyzer: pairs of Chinese characters, words elsewhere (lower-cased).
CREATE FULLTEXT INDEX entity_search_text IF NOT EXISTS FOR (n:EntitySearch) ON EACH [n.text]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}
