"""The two refusals of the projects app that callers show as a message."""

from __future__ import annotations


class EditConflict(Exception):
    """Someone else saved the same sheet after this person opened it."""


class NotEditable(Exception):
    """The project's state no longer allows this change."""
