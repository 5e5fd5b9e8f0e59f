"""The findings report: one folder a reader can open offline and an analyst can reuse.

`write_report(store, out_dir)` runs the detectors and writes

- ``findings.json``: every finding (all verdicts) as `Finding.to_dict()`, in `detect()`'s
  order, inside ``{"generated_from", "confirmed_only", "notice", "findings"}``
  (the contract is in docs/findings.md);
- ``report.md``: the same as Markdown: notice, counts, then per tactic each finding with
  its score contributions, explanation and evidence timeline;
- ``report.html``: one self-contained page (inline CSS, no script, no external request);
- ``views/<finding-id>.html``: an interactive graph view of each flagged finding, all
  sharing one copy of vis-network (``views/vis-network.min.js``, ``vis-network.css``,
  ``encircle-view.js``).

Same store, same bytes (for the three report files; views carry a per-page nonce).

>>> import tempfile
>>> from encircle.graph.stores import open_store
>>> from encircle.loaders import load
>>> from encircle.loaders.demo import demo_bundle
>>> store = open_store(":memory:")
>>> _ = load([demo_bundle()], store)
>>> files = write_report(store, tempfile.mkdtemp(), views=False)
>>> files.counts()["roundabout"]
{'flagged': 1, 'not_flagged': 1}
>>> files.html.name, files.markdown.name, files.json.name
('report.html', 'report.md', 'findings.json')
"""

from __future__ import annotations

from encircle.queries.report.content import NOTICE
from encircle.queries.report.write import ReportFiles, findings_document, view_name, write_report

__all__ = ["NOTICE", "ReportFiles", "findings_document", "view_name", "write_report"]
