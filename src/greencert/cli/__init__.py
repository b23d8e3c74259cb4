"""The ``greencert`` command."""
