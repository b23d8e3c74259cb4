"""The archive's table list and its values as JSON (the command-line tests restore them whole)."""

from __future__ import annotations

import doctest

from greencert.web.backup import tables


def test_docstring_examples():
    failures, _tried = doctest.testmod(tables)
    assert failures == 0


def test_every_table_but_the_sessions_is_archived_each_after_what_it_points_at():
    models = tables.archived_models()
    labels = [m._meta.label_lower for m in models]
    assert "sessions.session" not in labels
    assert {"audit.auditentry", "audit.chainhead", "certification.certificate"} <= set(labels)
    assert labels.index("projects.evaluation") < labels.index("projects.itemrating")
    assert labels.index("audit.auditentry") > labels.index("accounts.user")
    assert len(labels) == len(set(labels))
