"""Tenant scoping: the only place where company filters are built (DESIGN "Tenant = company")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Literal, Protocol, TypeVar, TypeVarTuple

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.base import ExecutableOption

from vivier.core.errors import NotFound
from vivier.core.ids import is_public_id
from vivier.core.validation import reference_error
from vivier.db.base import CompanyScoped, PublicScoped


class Tenant(Protocol):
    """Anything that knows which company it acts for (an auth context)."""

    @property
    def company_id(self) -> int: ...


MAX_INT_ID = 2**31 - 1  # integer ids are 32-bit columns
M = TypeVar("M", bound=CompanyScoped)
P = TypeVar("P", bound=PublicScoped)
Ts = TypeVarTuple("Ts")


def scoped(model: type[M], tenant: Tenant) -> Select[M]:
    """``SELECT model`` restricted to the tenant's rows."""
    return select(model).where(model.company_id == tenant.company_id)


def restrict(stmt: Select[*Ts], model: type[CompanyScoped], tenant: Tenant) -> Select[*Ts]:
    """Add the tenant filter for ``model`` to an arbitrary select (joins, aggregates)."""
    return stmt.where(model.company_id == tenant.company_id)


TENANT_PARAM = "tenant_company_id"


def restrict_bound(stmt: Select[*Ts], model: type[CompanyScoped]) -> Select[*Ts]:
    """``restrict`` with the company left as a bound parameter: for statements built once and run for
    any tenant, executed with ``tenant_params`` (a missing value is an error, not every company)."""
    return stmt.where(model.company_id == bindparam(TENANT_PARAM))


def tenant_params(tenant: Tenant) -> dict[str, int]:
    """The parameters of a ``restrict_bound`` statement."""
    return {TENANT_PARAM: tenant.company_id}


def restrict_any(stmt: Select[*Ts], model: type[CompanyScoped], company_ids: Sequence[int]) -> Select[*Ts]:
    """Rows of any of ``company_ids``: only for ids already checked to be the tenant and its
    affiliates (affiliate search, public careers listing)."""
    return stmt.where(model.company_id.in_(company_ids))


def get_by_public_id(
    session: Session,
    model: type[P],
    tenant: Tenant,
    public_id: str,
    *,
    options: tuple[ExecutableOption, ...] = (),
    what: str | None = None,
) -> P:
    """The tenant's row with that public id, else NotFound (also for other companies' ids)."""
    found = None
    if isinstance(public_id, str) and is_public_id(public_id):
        stmt = scoped(model, tenant).where(model.public_id == public_id).options(*options)
        found = session.scalars(stmt).one_or_none()
    if found is None:
        raise NotFound(f"{what or model.__name__} not found")
    return found


def get_by_int_id(
    session: Session,
    model: type[M],
    tenant: Tenant,
    int_id: int,
    *,
    options: tuple[ExecutableOption, ...] = (),
    what: str | None = None,
) -> M:
    """The tenant's row with that integer id, else NotFound."""
    found = None
    if 0 < int_id <= MAX_INT_ID:  # larger numbers would overflow PostgreSQL's integer: no such row
        stmt = scoped(model, tenant).where(model.id == int_id).options(*options)
        found = session.scalars(stmt).one_or_none()
    if found is None:
        raise NotFound(f"{what or model.__name__} not found")
    return found


def reference(
    session: Session,
    model: type[M],
    tenant: Tenant,
    field: str,
    ref: object,
    *,
    by: Literal["public_id", "id"] = "public_id",
) -> M:
    """The tenant's row a relation field names (by encoded or integer id), else Invalid(REFERENCE) on ``field``."""
    if by == "id":
        stmt = scoped(model, tenant).where(model.id == ref)
    elif issubclass(model, PublicScoped):
        stmt = scoped(model, tenant).where(model.public_id == ref)
    else:
        raise TypeError(f"{model.__name__} has no public id")
    found = session.scalars(stmt).one_or_none()
    if found is None:
        raise reference_error(field, ref)
    return found


def ids_by_public_id(model: type[PublicScoped], tenant: Tenant, values: Iterable[Any]) -> Select[tuple[int]]:
    """Subquery of the tenant's row ids among encoded ids (relation filters); anything else matches nothing."""
    wanted = [v for v in values if isinstance(v, str) and is_public_id(v)]
    return scoped(model, tenant).where(model.public_id.in_(wanted)).with_only_columns(model.id)


def public_ids(
    session: Session, model: type[PublicScoped], tenant: Tenant, ids: Iterable[int]
) -> dict[int, str]:
    """Integer id -> encoded id of the tenant's rows among ``ids``, in one query (none when empty)."""
    wanted = set(ids)
    if not wanted:
        return {}
    stmt = scoped(model, tenant).where(model.id.in_(wanted)).with_only_columns(model.id, model.public_id)
    return {row_id: public_id for row_id, public_id in session.execute(stmt)}
