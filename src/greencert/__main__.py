"""Allow ``python -m greencert``."""

from greencert.cli.main import main

raise SystemExit(main())
