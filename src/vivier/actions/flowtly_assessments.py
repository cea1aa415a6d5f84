"""Flowtly scorecards: recruitment task groups, tasks and answers (§6.3-6.5, §7.4-7.6)."""

from __future__ import annotations

from vivier.actions.flowtly import Crud, crud_actions
from vivier.assessments import service
from vivier.faces.flowtly import routes_assessments as face
from vivier.faces.flowtly.resources import ANSWERS, GROUPS, TASKS
from vivier.faces.flowtly.wire import fields_of

CATEGORY = "assessments"

ACTIONS = [
    *crud_actions(
        Crud(
            GROUPS,
            "recruitment task group",
            face.render_group,
            CATEGORY,
            list=service.list_groups,
            get=lambda session, ctx, id: service.get_group(session, ctx, face.int_id(id, GROUPS.type)),
            create=lambda session, ctx, body: service.create_group(
                session, ctx, fields_of(body, face.GROUP_FIELDS)
            ),
            update=lambda session, ctx, id, body: service.update_group(
                session, ctx, face.int_id(id, GROUPS.type), fields_of(body, face.GROUP_FIELDS)
            ),
        )
    ),
    *crud_actions(
        Crud(
            TASKS,
            "recruitment task",
            face.render_task,
            CATEGORY,
            list=service.list_recruitment_tasks,
            get=lambda session, ctx, id: service.get_recruitment_task(
                session, ctx, face.int_id(id, TASKS.type)
            ),
            create=lambda session, ctx, body: service.create_recruitment_task(
                session, ctx, fields_of(body, face.TASK_FIELDS)
            ),
            update=lambda session, ctx, id, body: service.update_recruitment_task(
                session, ctx, face.int_id(id, TASKS.type), fields_of(body, face.TASK_FIELDS)
            ),
        )
    ),
    *crud_actions(
        Crud(
            ANSWERS,
            "recruitment task answer",
            face.render_answer,
            CATEGORY,
            list=service.list_answers,
            get=lambda session, ctx, id: service.get_answer(session, ctx, face.int_id(id, ANSWERS.type)),
            create=lambda session, ctx, body: service.create_answer(
                session, ctx, fields_of(body, face.ANSWER_FIELDS)
            ),
            update=lambda session, ctx, id, body: service.update_answer(
                session, ctx, face.int_id(id, ANSWERS.type), fields_of(body, face.ANSWER_UPDATE)
            ),
        )
    ),
]
