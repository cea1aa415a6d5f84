"""Alembic environment: runs on the connection handed over by vivier.db.migrate."""

from __future__ import annotations

from alembic import context

from vivier.db.migrate import include_name
from vivier.db.models import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
