"""Statistics of an assessment: how sure a service score is, how much evidence is enough, and
how far raters agree (issue 18).  They advise; the scheme decides.

``score_statistics.score_statistics(assessment)`` is the entry point; the
modules beneath it are one idea each: ``student_t`` (the t quantile),
``sample`` (mean, spread, t, bootstrap and Welch intervals), ``placement``
(an interval against the grade thresholds; how many evaluations more),
``agreement`` (Krippendorff's alpha, ICC(2,1)), ``wording`` and ``messages``
(the explanation), ``output`` (the ``"statistics"`` of ``greencert score --json``).
Nothing is imported here, so that the scheme's explanation can read the
messages without loading the rest.
"""
