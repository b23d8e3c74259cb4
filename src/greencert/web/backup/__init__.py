"""Backups that restore anywhere: ``greencert backup`` and ``greencert restore``.

An archive is one ZIP file:

* ``tables/<table>.jsonl``: every row of one table, one JSON array a line, in
  primary-key order, columns as the manifest lists them; values as Django's
  fields give them (a ``Decimal`` or a date as its text), so that the same
  file loads into SQLite or PostgreSQL;
* ``files/<name>``: each file the rows name (evidence), read and written
  through Django's storage, so another storage backend works the same;
* ``manifest.json`` (written last): the format, the GreenCert version, the
  migrations applied, the audit chain's head, and for every part its row
  count or size and the SHA-256 of its content.

ZIP rather than tar: each part is written as it streams (its size need not be
known first), tables are compressed and files (already compressed documents
and pictures) stored as they are, and a restore reads any part by name.

Not Django's ``dumpdata``/``loaddata``: on 84,000 rows (200 projects, 4,000
evaluations with their ratings and audit entries) ``dumpdata`` took 98 s
where ``greencert backup`` took 32 s on the same (busy) machine, its output
is one JSON document, and ``loaddata`` saves a model instance per row and
sends signals.  Here rows go straight from the cursor to the file and back
(``COPY`` on PostgreSQL).

The rows are read in one read-only snapshot (:mod:`.dump`), while the server
goes on writing; a restore (:mod:`.restore`) migrates the empty target, then
loads every row in one transaction and checks what it loaded.
"""
