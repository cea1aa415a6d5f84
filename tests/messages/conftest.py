"""Shared fixtures: the acting company's person, an application of theirs, a file store."""

from tests.factories import application, candidate, store

__all__ = ["application", "candidate", "store"]
