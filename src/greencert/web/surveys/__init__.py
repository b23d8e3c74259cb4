"""Customer experience surveys: a public link per project site, answered on a phone.

Each response becomes one evaluation of source ``customer``, held
(``counts=False``) until the survey is accepted; flagged responses wait
for an auditor's review.  See :mod:`greencert.web.surveys.submission`.
"""
