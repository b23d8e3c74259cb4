"""GreenCert — 绿色产品服务认证系统.

Software for a certification body that certifies green product services to
the scheme CTS TBSC041-2026.  The scheme and its rules live in
:mod:`greencert.core`; everything else (command line, web application,
reports) calls into it.
"""

__version__ = "0.1.0"
