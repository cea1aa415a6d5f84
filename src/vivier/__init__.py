"""Vivier: a self-hosted applicant tracking system."""

__version__ = "0.1.0"
