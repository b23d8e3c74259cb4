"""The Excel round trip: a template auditors fill offline, and its reader.

:func:`write_template` writes an ``.xlsx`` for a scheme: a 说明 sheet
(what to fill), one sheet per evaluation (``E1``, ``E2``, …), the 成熟度
sheet (maturity level per clause), the 不符合项 sheet, and the GB/T 19001
and §4.2.2 checklist sheets (a verdict per row; the §5.2.2 exemption
block).  People fill it in Excel, WPS or LibreOffice, where data
validations and live formulas help them.  :func:`read_workbook` reads it back into the plain data of the
``greencert score`` contract, checking every cell and naming the sheet and
row of each problem (given no scheme, it reads the workbook as the scheme
its markers name); the caller then passes that data to
:func:`greencert.core.inputs.parse_assessment`.  Formulas in the workbook
are a convenience for the person only: the reader never trusts them.

Customer surveys answered on paper have a workbook of their own, one row per
questionnaire: :mod:`greencert.workbook.questionnaires`.

>>> import io
>>> from greencert.core import default_scheme
>>> scheme = default_scheme()
>>> stream = io.BytesIO()
>>> write_template(scheme, stream)
>>> read_workbook(scheme, stream)   # nothing filled in yet
{'scheme': 'CTS TBSC041-2026 B/0', 'nonconformities': []}
"""

from greencert.workbook.reader import read_workbook
from greencert.workbook.template import write_template

__all__ = ["read_workbook", "write_template"]
