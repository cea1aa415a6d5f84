"""Profile scorecards (filled, read back through Flowtly) and the resource requests a person is proposed for."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.faces.conftest import Tenant
from tests.web.conftest import post_form
from tests.web.profile_seed import Activity, Profile, activity, profile, seed_activity
from vivier.assessments.scorecards import ScoreEntry, fill_scorecard
from vivier.assessments.service import create_group, create_recruitment_task
from vivier.config import Settings
from vivier.db.session import Database
from vivier.staffing.service import create_proposal, create_request

__all__ = ["activity", "profile"]  # fixtures


def answers(client: TestClient, tenant: Tenant, candidate: str) -> list[dict[str, Any]]:
    response = client.get(
        "/flowtly/recruitment-task-answers",
        params={"candidate": candidate},
        headers=tenant.auth | {"Accept": "application/json"},
    )
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    return body


def test_pick_and_fill_a_scorecard(web: TestClient, db: Database, tenant: Tenant, activity: Activity) -> None:
    candidate = activity.profile.candidate
    with db.unit_of_work() as session:
        choice = create_recruitment_task(
            session,
            tenant.ctx,
            {
                "question": "Preferred stack?",
                "options": ["Django", "FastAPI"],
                "recruitmentTaskGroup": activity.group,
            },
        ).id
    page = web.get(f"/candidates/{candidate}").text
    assert (
        'id="scorecard-pick"' in page
        and f'<option value="{activity.group}">Backend interview</option>' in page
    )
    form_page = web.get(f"/candidates/{candidate}/scorecard", params={"group": activity.group})
    assert form_page.status_code == 200 and "Explain a generator" in form_page.text
    assert f'<select id="answer-{choice}" name="answer-{choice}">' in form_page.text
    french = web.get(
        f"/candidates/{candidate}/scorecard",
        params={"group": activity.group},
        headers={"Accept-Language": "fr"},
    )
    assert (
        french.status_code == 200 and "Enregistrer la grille" in french.text and "Note (0-10)" in french.text
    )
    filled = {
        "group": str(activity.group),
        f"answer-{activity.question}": "Lazy iterators",
        f"score-{activity.question}": "8",
        f"answer-{choice}": "FastAPI",
        f"score-{choice}": "",
    }
    response = post_form(web, f"/candidates/{candidate}/scorecard", filled)
    assert (
        response.status_code == 303 and response.headers["location"] == f"/candidates/{candidate}#scorecards"
    )
    stored = {
        (a["recruitmentTask"].rsplit("/", 1)[-1], a["answer"], a["score"])
        for a in answers(web, tenant, candidate)
    }
    assert stored == {(str(activity.question), "Lazy iterators", 8), (str(choice), "FastAPI", None)}
    page = web.get(f"/candidates/{candidate}").text
    card = page[page.index(f'data-group="{activity.group}"') :]
    assert "Average 8.0/10 · total 8/10" in card and "Lazy iterators" in card and "FastAPI" in card


def test_scores_add_up_over_answers(db: Database, tenant: Tenant, web: TestClient, profile: Profile) -> None:
    with db.unit_of_work() as session:
        group = create_group(session, tenant.ctx, {"name": "Culture"}).group.id
        q1 = create_recruitment_task(
            session, tenant.ctx, {"question": "Q1", "recruitmentTaskGroup": group}
        ).id
        q2 = create_recruitment_task(
            session, tenant.ctx, {"question": "Q2", "recruitmentTaskGroup": group}
        ).id
        fill_scorecard(
            session, tenant.ctx, profile.candidate, group, [ScoreEntry(q1, None, 6), ScoreEntry(q2, "ok", 9)]
        )
    page = web.get(f"/candidates/{profile.candidate}", headers={"Accept-Language": "fr"}).text
    assert "Moyenne 7.5/10 · total 15/20" in page


def test_scorecard_validation_keeps_values_and_writes_nothing(
    web: TestClient, tenant: Tenant, activity: Activity
) -> None:
    candidate, q = activity.profile.candidate, activity.question
    url = f"/candidates/{candidate}/scorecard"
    too_high = post_form(web, url, {"group": str(activity.group), f"answer-{q}": "Fine", f"score-{q}": "11"})
    assert too_high.status_code == 422 and f'id="score-{q}-error"' in too_high.text
    assert "between 0 and 10" in too_high.text and ">Fine</textarea>" in too_high.text
    not_a_number = post_form(
        web, url, {"group": str(activity.group), f"answer-{q}": "", f"score-{q}": "eight"}
    )
    assert not_a_number.status_code == 422 and "must be a whole number" in not_a_number.text
    empty = post_form(web, url, {"group": str(activity.group), f"answer-{q}": " ", f"score-{q}": ""})
    assert empty.status_code == 422 and "fill in at least one answer or score" in empty.text
    assert answers(web, tenant, candidate) == []


def test_other_companies_groups_and_unknown_groups_are_404(
    web: TestClient,
    db: Database,
    settings: Settings,
    tenant: Tenant,
    other_tenant: Tenant,
    activity: Activity,
) -> None:
    foreign = seed_activity(db, settings, other_tenant)
    url = f"/candidates/{activity.profile.candidate}/scorecard"
    for group in (str(foreign.group), "0", "x", ""):
        assert web.get(url, params={"group": group}).status_code == 404
    forged = {
        "group": str(foreign.group),
        f"answer-{foreign.question}": "x",
        f"score-{foreign.question}": "5",
    }
    assert post_form(web, url, forged).status_code == 404
    # A question of another group (here: another company's) is refused, nothing stored.
    mixed = {"group": str(activity.group), f"answer-{foreign.question}": "x"}
    assert post_form(web, url, mixed).status_code == 422
    assert answers(web, tenant, activity.profile.candidate) == []


def test_resource_requests_the_person_is_proposed_for(
    web: TestClient, db: Database, tenant: Tenant, profile: Profile
) -> None:
    with db.unit_of_work() as session:
        request = create_request(
            session, tenant.ctx, {"client": "Globex", "position": "Data lead", "status": "open"}
        )
        create_proposal(
            session,
            tenant.ctx,
            {
                "resourceRequest": request.request.public_id,
                "candidate": profile.candidate,
                "status": "interviewing",
            },
        )
    page = web.get(f"/candidates/{profile.candidate}").text
    item = page[page.index(f'data-resource-request="{request.request.public_id}"') :]
    assert f'href="/resource-requests/{request.request.public_id}"' in item
    assert "Data lead · Globex" in item and "interviewing" in item
    french = web.get(f"/candidates/{profile.candidate}", headers={"Accept-Language": "fr"}).text
    assert "en entretien" in french
