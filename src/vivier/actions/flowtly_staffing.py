"""Flowtly resource requests and the candidates proposed for them (§6.6-6.7, §7.7-7.8)."""

from __future__ import annotations

from vivier.actions.flowtly import Crud, crud_actions
from vivier.faces.flowtly import routes_staffing as face
from vivier.faces.flowtly.resources import PROPOSALS, REQUESTS
from vivier.faces.flowtly.wire import fields_of
from vivier.staffing import service

CATEGORY = "staffing"

ACTIONS = [
    *crud_actions(
        Crud(
            REQUESTS,
            "resource request",
            face.render_request,
            CATEGORY,
            list=service.list_requests,
            get=service.get_request,
            create=lambda session, ctx, body: service.create_request(
                session, ctx, fields_of(body, face.REQUEST_FIELDS)
            ),
            update=lambda session, ctx, id, body: service.update_request(
                session, ctx, id, fields_of(body, face.REQUEST_FIELDS)
            ),
        )
    ),
    *crud_actions(
        Crud(
            PROPOSALS,
            "resource request candidate",
            face.render_proposal,
            CATEGORY,
            list=service.list_proposals,
            get=service.get_proposal,
            create=lambda session, ctx, body: service.create_proposal(
                session, ctx, fields_of(body, face.PROPOSAL_FIELDS)
            ),
            update=lambda session, ctx, id, body: service.update_proposal(
                session, ctx, id, fields_of(body, face.PROPOSAL_UPDATE)
            ),
            delete=service.delete_proposal,
        )
    ),
]
