"""The pure core: the scheme as data and its rules as plain functions.

Nothing here imports a web framework.  The command line, the web
application and the reports all call these functions, so every rule of
CTS TBSC041-2026 is implemented exactly once.

>>> from greencert.core import default_scheme
>>> scheme = default_scheme()
>>> scheme.label
'CTS TBSC041-2026 B/0'
"""

from greencert.core.assessment import Assessment, assess
from greencert.core.assessment_input import AssessmentInput, Evaluation, Nonconformity
from greencert.core.exceptions import GreenCertError, InputError, Problem, SchemeError
from greencert.core.ratings import Rating
from greencert.core.registry import available_schemes, default_scheme, get_scheme

__all__ = [
    "Assessment",
    "AssessmentInput",
    "Evaluation",
    "GreenCertError",
    "InputError",
    "Nonconformity",
    "Problem",
    "Rating",
    "SchemeError",
    "assess",
    "available_schemes",
    "default_scheme",
    "get_scheme",
]
