"""``scripts/cluster``: GreenCert on several nodes, on loopback, with the production parts.

Two application nodes (``greencert serve``, each with its own data folder), nginx balancing
between them with ``deploy/nginx/greencert.conf``, PostgreSQL (a fresh database), Redis (a
database number of its own), SeaweedFS (a bucket), one ``greencert worker`` and one
``greencert beat``.  ``--check`` proves that nothing lives on one node (:mod:`.checks`) and
stops everything it started, on failure too.
"""
