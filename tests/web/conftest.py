"""Web tests drive the whole app through HTTP, like the face tests: reuse their client and tenants."""

from tests.faces.conftest import client, make_tenant, other_tenant, tenant

__all__ = ["client", "make_tenant", "other_tenant", "tenant"]
