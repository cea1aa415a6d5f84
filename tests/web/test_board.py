"""The pipeline board: lanes, cards, moves and archives through the API's services, bounded lanes.

Changes are checked through the Flatchr API with the tenant's key, and the webhook outbox.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests import factories
from tests.faces.conftest import Tenant
from tests.faces.flatchr.conftest_applicants import outbox
from tests.web.conftest import add_user, post_form, sign_in
from vivier.applications.service import get_application
from vivier.candidates.models import Candidate
from vivier.companies.models import Role
from vivier.core.clock import now
from vivier.db.session import Database
from vivier.pipeline.models import PipelineColumn
from vivier.pipeline.service import list_columns
from vivier.tags.service import add_trait, list_tags
from vivier.vacancies.models import VacancyStatus
from vivier.web.board import card_age

JSON = {"Accept": "application/json"}


@dataclass(frozen=True)
class Board:
    vacancy: str
    applications: list[str]  # public ids, in creation order
    candidates: list[str]
    columns: list[int]  # the company's columns, by position


def make_board(db: Database, tenant: Tenant, names: tuple[str, ...] = ("Ada", "Grace", "Alan")) -> Board:
    """An active vacancy with one application per name, all in the first column."""
    with db.unit_of_work() as session:
        vacancy = factories.make_vacancy(
            session, tenant.ctx, "Platform engineer", status=VacancyStatus.ACTIVE
        )
        made = [
            factories.make_application(
                session, tenant.ctx, factories.make_candidate(session, tenant.ctx, name, "Tester"), vacancy
            )
            for name in names
        ]
        columns = [c.id for c in list_columns(session, tenant.ctx)]
        return Board(
            vacancy.public_id,
            [a.public_id for a in made],
            [session.get_one(Candidate, a.candidate_id).public_id for a in made],
            columns,
        )


def flatchr_applicant(client: TestClient, tenant: Tenant, application: str) -> dict[str, Any]:
    response = client.get(f"/flatchr/company/{tenant.id}/applicant/{application}", headers=tenant.auth)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def lane(page: str, column: int) -> str:
    match = re.search(rf'<section class="lane" data-column="{column}".*?</section>', page, re.S)
    assert match, f"no lane {column}"
    return match.group(0)


def lane_count(page: str, column: int) -> int:
    match = re.search(r'<span class="count" data-count>(\d+)</span>', lane(page, column))
    assert match
    return int(match.group(1))


def cards_in(page: str, column: int) -> list[str]:
    return re.findall(r'data-application="(\w+)"', lane(page, column))


def move_url(board: Board, application: str) -> str:
    return f"/vacancies/{board.vacancy}/board/{application}/move"


def archive_url(board: Board, application: str) -> str:
    return f"/vacancies/{board.vacancy}/board/{application}/archive"


# -- access -----------------------------------------------------------------------------------------


def test_signed_out_visitors_are_sent_to_sign_in(client: TestClient, db: Database, tenant: Tenant) -> None:
    board = make_board(db, tenant, ("Ada",))
    response = client.get(f"/vacancies/{board.vacancy}/board")
    assert (
        response.status_code == 303
        and response.headers["location"] == f"/login?next=/vacancies/{board.vacancy}/board"
    )
    moved = post_form(client, move_url(board, board.applications[0]), {"column_id": board.columns[1]})
    archived = post_form(client, archive_url(board, board.applications[0]))
    assert moved.status_code == archived.status_code == 303
    assert moved.headers["location"].startswith("/login")
    applicant = flatchr_applicant(client, tenant, board.applications[0])
    assert applicant["column_id"] == board.columns[0] and applicant["status"] == 1


def test_another_companys_ids_are_not_found(
    web: TestClient, db: Database, tenant: Tenant, other_tenant: Tenant
) -> None:
    mine = make_board(db, tenant, ("Ada",))
    theirs = make_board(db, other_tenant, ("Eve",))
    assert web.get(f"/vacancies/{theirs.vacancy}/board").status_code == 404
    assert (
        web.get(f"/vacancies/{mine.vacancy}/board", params={"column": theirs.columns[0]}).status_code == 404
    )
    assert (
        post_form(web, move_url(theirs, theirs.applications[0]), {"column_id": theirs.columns[1]}).status_code
        == 404
    )
    assert post_form(web, archive_url(theirs, theirs.applications[0])).status_code == 404
    # Their application through my vacancy, and my application into their column.
    crossed = f"/vacancies/{mine.vacancy}/board/{theirs.applications[0]}/move"
    assert post_form(web, crossed, {"column_id": mine.columns[1]}).status_code == 404
    refused = post_form(web, move_url(mine, mine.applications[0]), {"column_id": theirs.columns[1]})
    assert refused.status_code == 400
    assert flatchr_applicant(web, other_tenant, theirs.applications[0])["column_id"] == theirs.columns[0]
    assert flatchr_applicant(web, tenant, mine.applications[0])["column_id"] == mine.columns[0]


def test_an_application_of_another_vacancy_and_bad_columns_are_refused(
    web: TestClient, db: Database, tenant: Tenant
) -> None:
    first, second = make_board(db, tenant, ("Ada",)), make_board(db, tenant, ("Grace",))
    wrong_vacancy = f"/vacancies/{first.vacancy}/board/{second.applications[0]}/move"
    assert post_form(web, wrong_vacancy, {"column_id": first.columns[1]}).status_code == 404
    for bad in ("", "abc", "-1", "2147483648", "99999999999"):
        assert post_form(web, move_url(first, first.applications[0]), {"column_id": bad}).status_code == 400
    assert flatchr_applicant(web, tenant, second.applications[0])["column_id"] == second.columns[0]


def test_posts_without_the_csrf_token_are_refused(web: TestClient, db: Database, tenant: Tenant) -> None:
    board = make_board(db, tenant, ("Ada",))
    assert (
        web.post(move_url(board, board.applications[0]), data={"column_id": board.columns[1]}).status_code
        == 403
    )
    assert web.post(archive_url(board, board.applications[0]), headers=JSON).status_code == 403
    applicant = flatchr_applicant(web, tenant, board.applications[0])
    assert applicant["column_id"] == board.columns[0] and applicant["status"] == 1


def test_hiring_managers_read_the_board_but_cannot_move_or_archive(
    client: TestClient, db: Database, tenant: Tenant
) -> None:
    board = make_board(db, tenant, ("Ada",))
    assert sign_in(client, add_user(db, tenant, Role.HIRING_MANAGER)).status_code == 303
    page = client.get(f"/vacancies/{board.vacancy}/board")
    assert page.status_code == 200 and f'data-application="{board.applications[0]}"' in page.text
    assert (
        "data-move" not in page.text and "data-archive" not in page.text and "data-editable" not in page.text
    )
    assert "sortable" not in page.text
    assert (
        post_form(client, move_url(board, board.applications[0]), {"column_id": board.columns[1]}).status_code
        == 403
    )
    assert post_form(client, archive_url(board, board.applications[0])).status_code == 403
    applicant = flatchr_applicant(client, tenant, board.applications[0])
    assert applicant["column_id"] == board.columns[0] and applicant["status"] == 1
    assert outbox(db, tenant, "drag_applicant") == []


# -- reading ----------------------------------------------------------------------------------------


def test_board_shows_lanes_with_counts_and_cards(web: TestClient, db: Database, tenant: Tenant) -> None:
    board = make_board(db, tenant)
    with db.unit_of_work() as session:
        first = get_application(session, tenant.ctx, board.applications[0])
        first.score = 4
        first.created_at = now() - timedelta(days=3, hours=2)
        level = next(t for t in list_tags(session, tenant.ctx, type="candidates") if t.title == "Niveau")
        add_trait(session, tenant.ctx, first, level.id, "Senior")
        hidden = session.get_one(PipelineColumn, board.columns[-1])
        hidden.visible = False
        third = get_application(session, tenant.ctx, board.applications[2])
        third.status = 0  # archived: not on the board

    page = web.get(f"/vacancies/{board.vacancy}/board")
    assert page.status_code == 200
    assert 'id="board"' in page.text and f'data-vacancy="{board.vacancy}"' in page.text
    assert lane_count(page.text, board.columns[0]) == 2 and lane_count(page.text, board.columns[1]) == 0
    assert f'data-column="{board.columns[-1]}"' not in page.text  # a hidden, empty column
    assert set(cards_in(page.text, board.columns[0])) == set(board.applications[:2])
    card = re.search(
        rf'<li class="card board-card" id="card-{board.applications[0]}".*?</li>\s*(?=<li|</ol>)',
        page.text,
        re.S,
    )
    assert card
    text = card.group(0)
    assert f'href="/candidates/{board.candidates[0]}">Ada Tester</a>' in text
    assert 'aria-label="Score: 4 of 5">★★★★☆<' in text
    assert '<li class="tag" title="Niveau">Senior</li>' in text
    assert re.search(r'<time class="age"[^>]*>3 d</time>', text)
    assert f'<label for="move-{board.applications[0]}" class="visually-hidden">Move to</label>' in text
    assert re.search(rf'<option value="{board.columns[0]}" selected>', text)
    assert f'<option value="{board.columns[-1]}"' not in text  # hidden columns are no target
    assert f'action="{archive_url(board, board.applications[0])}"' in text and "data-confirm=" in text
    assert "/static/vendor/sortable-1.15.7.min.js" in page.text and "/static/board.js" in page.text
    assert web.get("/static/board.js").status_code == 200


def test_a_hidden_column_holding_applications_stays_on_the_board(
    web: TestClient, db: Database, tenant: Tenant
) -> None:
    board = make_board(db, tenant, ("Ada",))
    with db.unit_of_work() as session:
        get_application(session, tenant.ctx, board.applications[0]).column_id = board.columns[-1]
        session.get_one(PipelineColumn, board.columns[-1]).visible = False
    page = web.get(f"/vacancies/{board.vacancy}/board").text
    assert cards_in(page, board.columns[-1]) == board.applications


def test_board_renders_in_french(web: TestClient, db: Database, tenant: Tenant) -> None:
    board = make_board(db, tenant, ("Ada",))
    page = web.get(f"/vacancies/{board.vacancy}/board", headers={"Accept-Language": "fr"})
    assert page.status_code == 200 and '<html lang="fr">' in page.text
    assert ">Déplacer vers</label>" in page.text and ">Archiver</button>" in page.text
    assert re.search(r'<time class="age"[^>]*>0 min</time>', page.text)


def test_card_age_is_short() -> None:
    moment = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    assert card_age(moment - timedelta(minutes=5), "en", moment) == "5 min"
    assert card_age(moment - timedelta(hours=5), "en", moment) == "5 h"
    assert card_age((moment - timedelta(days=3)).replace(tzinfo=None), "en", moment) == "3 d"
    assert card_age(moment - timedelta(days=3), "fr", moment) == "3 j"
    assert card_age(moment - timedelta(days=95), "en", moment) == "3 mo"
    assert card_age(moment + timedelta(minutes=5), "en", moment) == "0 min"


# -- moves and archives -----------------------------------------------------------------------------


def test_move_with_the_form_goes_through_the_api_service(
    web: TestClient, db: Database, tenant: Tenant
) -> None:
    board = make_board(db, tenant)
    target = board.columns[2]
    moved = post_form(web, move_url(board, board.applications[1]), {"column_id": str(target)})
    assert moved.status_code == 303
    assert moved.headers["location"] == f"/vacancies/{board.vacancy}/board#card-{board.applications[1]}"
    assert flatchr_applicant(web, tenant, board.applications[1])["column_id"] == target
    events = outbox(db, tenant, "drag_applicant")
    assert (
        len(events) == 1
        and events[0]["from_column_id"] == board.columns[0]
        and events[0]["to_column_id"] == target
    )
    page = web.get(f"/vacancies/{board.vacancy}/board").text
    assert cards_in(page, target) == [board.applications[1]]
    assert lane_count(page, board.columns[0]) == 2 and lane_count(page, target) == 1
    listing = web.get("/vacancies").text
    assert re.search(rf'<td class="num" data-column="{target}"[^>]*>1</td>', listing)


def test_move_from_the_script_answers_with_lane_counts(web: TestClient, db: Database, tenant: Tenant) -> None:
    board = make_board(db, tenant)
    answer = post_form(
        web, move_url(board, board.applications[0]), {"column_id": board.columns[1]}, headers=JSON
    )
    assert answer.status_code == 200
    assert answer.json() == {
        "application": board.applications[0],
        "counts": {str(board.columns[0]): 2, str(board.columns[1]): 1},
    }
    assert flatchr_applicant(web, tenant, board.applications[0])["column_id"] == board.columns[1]
    # The script sends the token as a header, like htmx does.
    header = web.post(
        move_url(board, board.applications[0]),
        data={"column_id": board.columns[3]},
        headers={**JSON, "X-CSRF-Token": web.cookies["vivier_csrf"]},
    )
    assert header.status_code == 200 and header.json()["counts"][str(board.columns[3])] == 1
    assert len(outbox(db, tenant, "drag_applicant")) == 2


def test_moving_to_the_current_column_changes_nothing(web: TestClient, db: Database, tenant: Tenant) -> None:
    board = make_board(db, tenant, ("Ada",))
    answer = post_form(
        web, move_url(board, board.applications[0]), {"column_id": board.columns[0]}, headers=JSON
    )
    assert answer.status_code == 200 and answer.json()["counts"] == {str(board.columns[0]): 1}
    assert outbox(db, tenant, "drag_applicant") == []


def test_archive_from_the_card(web: TestClient, db: Database, tenant: Tenant) -> None:
    board = make_board(db, tenant)
    archived = post_form(web, archive_url(board, board.applications[0]))
    assert archived.status_code == 303 and archived.headers["location"].startswith(
        f"/vacancies/{board.vacancy}/board"
    )
    assert flatchr_applicant(web, tenant, board.applications[0])["status"] == 0
    page = web.get(f"/vacancies/{board.vacancy}/board").text
    assert board.applications[0] not in page and lane_count(page, board.columns[0]) == 2
    answer = post_form(web, archive_url(board, board.applications[1]), headers=JSON)
    assert answer.status_code == 200 and answer.json()["counts"] == {str(board.columns[0]): 1}
    again = post_form(web, archive_url(board, board.applications[1]), headers=JSON)
    assert again.status_code == 200  # idempotent, like the API
    assert flatchr_applicant(web, tenant, board.applications[1])["status"] == 0


# -- big vacancies ----------------------------------------------------------------------------------


def test_big_lanes_are_capped_with_show_more_pages(
    web: TestClient, db: Database, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("vivier.web.board.LANE_LIMIT", 2)
    board = make_board(db, tenant, ("A", "B", "C", "D", "E"))
    with db.unit_of_work() as session:  # distinct arrival times: newest first on the board
        for age, public_id in enumerate(reversed(board.applications)):
            get_application(session, tenant.ctx, public_id).created_at = now() - timedelta(hours=age)
    newest_first = list(reversed(board.applications))
    column = board.columns[0]
    page = web.get(f"/vacancies/{board.vacancy}/board").text
    assert lane_count(page, column) == 5 and cards_in(page, column) == newest_first[:2]
    more = f'href="/vacancies/{board.vacancy}/board?column={column}&amp;offset=2">Show more (3 not shown)</a>'
    assert more in page

    second = web.get(f"/vacancies/{board.vacancy}/board", params={"column": column, "offset": 2})
    assert second.status_code == 200 and cards_in(second.text, column) == newest_first[2:4]
    assert "Applicants 3 to 4 of 5" in second.text and "offset=4" in second.text and "offset=0" in second.text
    assert f'data-column="{board.columns[1]}"' not in second.text  # only that lane
    assert re.search(rf'<option value="{board.columns[1]}"', second.text)  # still a move target
    last = web.get(f"/vacancies/{board.vacancy}/board", params={"column": column, "offset": 4}).text
    assert cards_in(last, column) == newest_first[4:] and "Show more" not in last
    unusable = web.get(f"/vacancies/{board.vacancy}/board", params={"column": column, "offset": "-3"})
    assert unusable.status_code == 200 and cards_in(unusable.text, column) == newest_first[:2]
    assert web.get(f"/vacancies/{board.vacancy}/board", params={"column": "abc"}).status_code == 404
