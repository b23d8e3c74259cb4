"""The REST API under ``/api/v1/``: the pages' services and reach, for programs."""
