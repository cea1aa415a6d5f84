"""Candidates: CRUD in both media types, pagination, filters, ordering, search, tenancy, cross-face
(§4, §6.1, §7.2, §8; checklist 7-14, 16, 18-25, 31, 40)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest

from tests.faces.flowtly.conftest import (
    BLANK,
    EMAIL,
    LENGTH,
    MODES,
    START,
    UNIQUE,
    Api,
    CandidateFactory,
    check_collection,
    check_item,
    problem,
    violations,
)
from tests.factories import make_vacancy
from vivier.applications.schemas import ApplicationInput
from vivier.applications.service import apply
from vivier.config import Settings
from vivier.db.session import Database
from vivier.files.store import LocalFileStore
from vivier.vacancies.models import VacancyStatus

ADA = {
    "firstname": "Ada",
    "lastname": "Lovelace",
    "email": "ada@example.org",
    "phoneNumber": "+33 6 12 34 56 78",
    "source": "LinkedIn",
    "birthDate": "1990-12-10",
}
FIELDS = [
    "id",
    "firstname",
    "lastname",
    "email",
    "phoneNumber",
    "source",
    "location",
    "birthDate",
    "position",
    "linkedinProfile",
    "notes",
    "expectations",
    "createdAt",
    "updatedAt",
]


# -- create / read / update -------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_create_and_read(api: Api, mode: str, clock) -> None:
    api = api.as_mode(mode)
    response = api.post("/flowtly/candidates", ADA)
    assert response.status_code == 201
    check_item("Candidate", response, mode)
    fields = api.fields(response)
    assert list(fields) == FIELDS
    assert response.headers["location"] == f"/flowtly/candidates/{fields['id']}"
    assert fields == {
        "id": fields["id"],
        "firstname": "Ada",
        "lastname": "Lovelace",
        "email": "ada@example.org",
        "phoneNumber": "+33 6 12 34 56 78",
        "source": "LinkedIn",
        "location": None,
        "birthDate": "1990-12-10",
        "position": None,
        "linkedinProfile": None,
        "notes": None,
        "expectations": None,
        "createdAt": "2026-04-03T18:31:00+00:00",
        "updatedAt": "2026-04-03T18:31:00+00:00",
    }
    if mode == "ld":
        assert response.json()["@id"] == response.headers["location"]
    read = api.get(response.headers["location"])
    assert read.status_code == 200
    check_item("Candidate", read, mode)
    assert api.fields(read) == fields
    if mode == "ld":
        assert read.json()["@id"] == f"/flowtly/candidates/{fields['id']}"


def test_birth_date_accepts_a_datetime(api: Api) -> None:
    fields = api.fields(api.post("/flowtly/candidates", ADA | {"birthDate": "1990-12-10T00:00:00+02:00"}))
    assert fields["birthDate"] == "1990-12-10"


def test_datetimes_are_whole_seconds_utc(api: Api, clock) -> None:
    clock[0] = START.replace(microsecond=987654)
    fields = api.fields(api.post("/flowtly/candidates", ADA))
    assert fields["createdAt"] == "2026-04-03T18:31:00+00:00"
    assert fields["updatedAt"].endswith("+00:00")


@pytest.mark.parametrize("mode", MODES)
def test_patch_is_a_merge_patch(api: Api, mode: str, clock) -> None:
    api = api.as_mode(mode)
    created = api.fields(api.post("/flowtly/candidates", ADA | {"location": "Paris", "notes": "n"}))
    path = f"/flowtly/candidates/{created['id']}"
    clock[0] = START + timedelta(minutes=5)
    response = api.patch(path, {"notes": "x"})
    assert response.status_code == 200
    check_item("Candidate", response, mode)
    changed = api.fields(response)
    assert changed == created | {"notes": "x", "updatedAt": "2026-04-03T18:36:00+00:00"}
    clock[0] = START + timedelta(minutes=10)
    cleared = api.fields(api.patch(path, {"notes": None, "phoneNumber": None, "location": "Lyon"}))
    assert cleared["notes"] is None
    assert cleared["phoneNumber"] is None
    assert cleared["location"] == "Lyon"
    assert cleared["createdAt"] == created["createdAt"]
    assert cleared["updatedAt"] > changed["updatedAt"]
    # Read-only, @ and unknown keys are ignored.
    ignored = api.patch(
        path,
        {
            "id": "AAAAAAAAAAAAAAAA",
            "createdAt": "2000-01-01",
            "@id": "/x",
            "updatedAt": "2000-01-01",
            "zzz": 1,
        },
    )
    assert api.fields(ignored) | {"updatedAt": cleared["updatedAt"]} == cleared
    assert api.fields(api.get(path)) == api.fields(ignored)


def test_patch_validates_the_result(api: Api, make_candidates: CandidateFactory) -> None:
    cid = make_candidates(api.tenant, firstname="Ada", lastname="Lovelace")
    path = f"/flowtly/candidates/{cid}"
    assert violations(api.patch(path, {"firstname": ""})) == [("firstname", BLANK)]
    assert violations(api.patch(path, {"email": None})) == [("email", BLANK)]
    assert violations(api.patch(path, {"email": "nope"})) == [("email", EMAIL)]
    problem(
        api.patch(path, {"lastname": 3}),
        400,
        'The type of the "lastname" attribute must be "string", "int" given.',
    )
    assert api.fields(api.get(path))["firstname"] == "Ada"


@pytest.mark.parametrize("mode", MODES)
def test_create_validation(api: Api, mode: str, make_candidates: CandidateFactory) -> None:
    api = api.as_mode(mode)
    for missing in ("firstname", "lastname", "email"):
        body = {k: v for k, v in ADA.items() if k != missing}
        assert violations(api.post("/flowtly/candidates", body), mode) == [(missing, BLANK)]
    both = api.post("/flowtly/candidates", {"firstname": "", "lastname": "X", "email": "nope"})
    assert violations(both, mode) == [("firstname", BLANK), ("email", EMAIL)]
    assert both.json()["detail"] == (
        "firstname: This value should not be blank.\nemail: This value is not a valid email address."
    )
    too_long = api.post("/flowtly/candidates", ADA | {"position": "x" * 256})
    assert violations(too_long, mode) == [("position", LENGTH)]
    assert too_long.json()["violations"][0]["message"] == (
        "This value is too long. It should have 255 characters or less."
    )
    assert api.members(api.get("/flowtly/candidates")) == []
    make_candidates(api.tenant, email="ada@example.org")
    duplicate = api.post("/flowtly/candidates", ADA | {"email": "ADA@Example.ORG"})
    assert violations(duplicate, mode) == [("email", UNIQUE)]
    assert duplicate.json()["violations"][0]["message"] == "This value is already used."
    assert len(api.members(api.get("/flowtly/candidates"))) == 1


def test_phone_violation_names_the_wire_field(api: Api) -> None:
    response = api.post("/flowtly/candidates", ADA | {"phoneNumber": "1" * 51})
    assert violations(response) == [("phoneNumber", LENGTH)]


@pytest.mark.parametrize("mode", MODES)
def test_unknown_id_is_404(api: Api, mode: str) -> None:
    api = api.as_mode(mode)
    problem(api.get("/flowtly/candidates/doesnotexist"), 404, "Not Found", mode)
    problem(api.patch("/flowtly/candidates/AAAAAAAAAAAAAAAA", {"notes": "x"}), 404, "Not Found", mode)


def test_delete_and_put_are_405(api: Api, make_candidates: CandidateFactory) -> None:
    cid = make_candidates(api.tenant)
    problem(api.delete(f"/flowtly/candidates/{cid}"), 405)
    problem(api.client.put(f"/flowtly/candidates/{cid}", json=ADA, headers=api.tenant.auth), 405)
    assert api.get(f"/flowtly/candidates/{cid}").status_code == 200


# -- pagination (§4.1; checklist 8-10) --------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_pagination_30_plus_5(api: Api, mode: str, make_candidates: CandidateFactory) -> None:
    api = api.as_mode(mode)
    make_candidates(api.tenant, 35)
    first = api.get("/flowtly/candidates")
    check_collection("Candidate", first, mode)
    second = api.get("/flowtly/candidates", page=2)
    assert len(api.members(first)) == 30
    assert len(api.members(second)) == 5
    names = [c["firstname"] for c in api.members(first) + api.members(second)]
    assert names == [f"First{i:02d}" for i in range(35)]  # createdAt, then id
    if mode == "json":
        return
    assert first.json()["hydra:totalItems"] == 35
    assert first.json()["hydra:view"] == {
        "@id": "/flowtly/candidates?page=1",
        "@type": "hydra:PartialCollectionView",
        "hydra:first": "/flowtly/candidates?page=1",
        "hydra:last": "/flowtly/candidates?page=2",
        "hydra:next": "/flowtly/candidates?page=2",
    }
    assert second.json()["hydra:view"] == {
        "@id": "/flowtly/candidates?page=2",
        "@type": "hydra:PartialCollectionView",
        "hydra:first": "/flowtly/candidates?page=1",
        "hydra:last": "/flowtly/candidates?page=2",
        "hydra:previous": "/flowtly/candidates?page=1",
    }


def test_view_keeps_parameters_in_order(api: Api, make_candidates: CandidateFactory) -> None:
    make_candidates(api.tenant, 3, lastname="Lovelace")
    url = "/flowtly/candidates?lastname=love&order[createdAt]=desc&itemsPerPage=2"
    view = api.client.get(url, headers=api.tenant.auth).json()["hydra:view"]
    base = "/flowtly/candidates?lastname=love&order%5BcreatedAt%5D=desc&itemsPerPage=2"
    assert view["@id"] == f"{base}&page=1"
    assert view["hydra:last"] == f"{base}&page=2"
    assert view["hydra:next"] == f"{base}&page=2"
    in_place = "/flowtly/candidates?page=02&lastname=love&itemsPerPage=2"
    view = api.client.get(in_place, headers=api.tenant.auth).json()["hydra:view"]
    assert view["@id"] == "/flowtly/candidates?page=2&lastname=love&itemsPerPage=2"
    assert view["hydra:previous"] == "/flowtly/candidates?page=1&lastname=love&itemsPerPage=2"
    assert "hydra:next" not in view


@pytest.mark.parametrize("mode", MODES)
def test_past_the_end_and_bad_pages(api: Api, mode: str, make_candidates: CandidateFactory) -> None:
    api = api.as_mode(mode)
    make_candidates(api.tenant, 2)
    far = api.get("/flowtly/candidates", page=99)
    assert far.status_code == 200
    assert api.members(far) == []
    if mode == "ld":
        assert far.json()["hydra:totalItems"] == 2
        assert far.json()["hydra:view"]["hydra:last"] == "/flowtly/candidates?page=1"
    else:
        assert far.json() == []
    assert api.get("/flowtly/candidates", page=10**30).status_code == 200
    for params in (
        {"page": 0},
        {"page": -1},
        {"page": "x"},
        {"page": "1.5"},
        {"itemsPerPage": 0},
        {"itemsPerPage": "many"},
    ):
        problem(api.get("/flowtly/candidates", **params), 400, "Page should not be less than 1", mode)


def test_items_per_page_is_capped_at_100(api: Api, make_candidates: CandidateFactory) -> None:
    make_candidates(api.tenant, 101)
    response = api.get("/flowtly/candidates", itemsPerPage=500)
    assert len(response.json()["hydra:member"]) == 100
    assert response.json()["hydra:view"]["hydra:last"] == "/flowtly/candidates?itemsPerPage=500&page=2"
    assert len(api.members(api.get("/flowtly/candidates", itemsPerPage=7))) == 7


def test_empty_collection_view(api: Api) -> None:
    body = api.get("/flowtly/candidates").json()
    assert body["hydra:totalItems"] == 0
    assert body["hydra:view"]["hydra:last"] == "/flowtly/candidates?page=1"
    assert "hydra:next" not in body["hydra:view"] and "hydra:previous" not in body["hydra:view"]


# -- filters and ordering (§4.2; checklist 22-24) ---------------------------------------------------


@pytest.fixture
def people(api: Api, make_candidates: CandidateFactory, clock) -> dict[str, str]:
    ids = {}
    rows = [
        ("Ada", "Lovelace", "ada@example.org", "LinkedIn", "Backend developer", "Lyon"),
        ("Grace", "Hopper", "grace@example.org", "Indeed", "Compiler engineer", "Paris"),
        ("Alan", "Turing", "alan@example.org", "LinkedIn", "Data scientist", "Lyon"),
    ]
    for i, (first, last, email, source, position, location) in enumerate(rows):
        clock[0] = START + timedelta(days=i)
        ids[first] = make_candidates(
            api.tenant,
            firstname=first,
            lastname=last,
            email=email,
            source=source,
            position=position,
            location=location,
        )
    return ids


def _names(api: Api, url: str) -> list[str]:
    response = api.client.get(url, headers=api.headers())
    assert response.status_code == 200, response.text
    return [c["firstname"] for c in api.members(response)]


@pytest.mark.parametrize("mode", MODES)
def test_search_filters(api: Api, mode: str, people) -> None:
    api = api.as_mode(mode)
    base = "/flowtly/candidates"
    assert _names(api, f"{base}?email=ADA@EXAMPLE.ORG") == ["Ada"]
    assert _names(api, f"{base}?lastname=love") == ["Ada"]
    assert _names(api, f"{base}?firstname=A") == ["Ada", "Grace", "Alan"]
    assert _names(api, f"{base}?position=ENGINEER") == ["Grace"]
    assert _names(api, f"{base}?location=lyo") == ["Ada", "Alan"]
    assert _names(api, f"{base}?source=LinkedIn") == ["Ada", "Alan"]
    assert _names(api, f"{base}?source=linkedin") == []  # exact is case-sensitive (but email)
    assert _names(api, f"{base}?email[]=ada@example.org&email[]=alan@example.org") == ["Ada", "Alan"]
    assert _names(api, f"{base}?lastname[]=hop&lastname[]=tur") == ["Grace", "Alan"]
    assert _names(api, f"{base}?source=LinkedIn&location=lyon&firstname=al") == ["Alan"]
    assert _names(api, f"{base}?foo=bar&order[shoeSize]=asc&order[lastname]=sideways") == [
        "Ada",
        "Grace",
        "Alan",
    ]


def test_date_filters(api: Api, people, clock) -> None:
    base = "/flowtly/candidates"
    second = quote("2026-04-04T18:31:00+00:00")
    assert _names(api, f"{base}?createdAt[after]={second}") == ["Grace", "Alan"]
    assert _names(api, f"{base}?createdAt[strictly_after]={second}") == ["Alan"]
    assert _names(api, f"{base}?createdAt[before]={second}") == ["Ada", "Grace"]
    assert _names(api, f"{base}?createdAt[strictly_before]={second}") == ["Ada"]
    assert _names(api, f"{base}?createdAt[after]=2026-04-05") == ["Alan"]  # a date alone is 00:00 UTC
    assert _names(api, f"{base}?createdAt[after]=2026-04-04T20:31:00%2B02:00") == ["Grace", "Alan"]
    assert _names(api, f"{base}?createdAt[after]=2026-04-04T18:31:00") == ["Grace", "Alan"]  # no offset: UTC
    assert _names(api, f"{base}?createdAt[after]=2026-04-04T18:31:00+00:00") == [
        "Grace",
        "Alan",
    ]  # '+' as space
    assert _names(api, f"{base}?createdAt[after]=yesterday") == ["Ada", "Grace", "Alan"]  # ignored
    assert _names(api, f"{base}?createdAt[after]=0001-01-01T00:00:00%2B01:00") == ["Ada", "Grace", "Alan"]
    # updatedAt for incremental sync: only what changed after t.
    clock[0] = START + timedelta(days=10)
    api.patch(f"/flowtly/candidates/{people['Ada']}", {"notes": "changed"})
    after = quote("2026-04-06T00:00:00+00:00")
    assert _names(api, f"{base}?updatedAt[strictly_after]={after}") == ["Ada"]
    assert _names(api, f"{base}?updatedAt[before]={after}") == ["Grace", "Alan"]


def test_ordering(api: Api, people, clock, make_candidates: CandidateFactory) -> None:
    base = "/flowtly/candidates"
    assert _names(api, f"{base}?order[lastname]=desc") == ["Alan", "Ada", "Grace"]
    assert _names(api, f"{base}?order[lastname]=asc") == ["Grace", "Ada", "Alan"]
    assert _names(api, f"{base}?order[createdAt]=desc") == ["Alan", "Grace", "Ada"]
    assert _names(api, f"{base}?order[email]=asc") == ["Ada", "Alan", "Grace"]
    assert _names(api, f"{base}?order[firstname]=DESC") == ["Grace", "Alan", "Ada"]
    # A field that is not orderable is ignored; several keys apply in the order given.
    assert _names(api, f"{base}?order[source]=asc&order[firstname]=desc") == ["Grace", "Alan", "Ada"]
    make_candidates(api.tenant, firstname="Bea", lastname="Lovelace", email="bea@example.org")
    assert _names(api, f"{base}?order[lastname]=asc&order[firstname]=desc") == ["Grace", "Bea", "Ada", "Alan"]
    assert _names(api, f"{base}?order[lastname]=asc&order[firstname]=asc") == ["Grace", "Ada", "Bea", "Alan"]
    assert _names(api, f"{base}?order[firstname]=asc&order[lastname]=desc") == ["Ada", "Alan", "Bea", "Grace"]
    clock[0] = START + timedelta(days=9)
    api.patch(f"/flowtly/candidates/{people['Grace']}", {"notes": "x"})
    assert _names(api, f"{base}?order[updatedAt]=desc")[0] == "Grace"
    # Ids are encoded: order[id] follows creation, like the integer key behind them.
    assert _names(api, f"{base}?order[id]=desc") == ["Bea", "Alan", "Grace", "Ada"]


def test_hydra_search_lists_every_filter(api: Api) -> None:
    search = api.get("/flowtly/candidates").json()["hydra:search"]
    variables = [m["variable"] for m in search["hydra:mapping"]]
    for name in ("firstname", "lastname", "email", "source", "position", "location"):
        assert name in variables and f"{name}[]" in variables
    for name in ("createdAt", "updatedAt"):
        assert {f"{name}[{op}]" for op in ("after", "before", "strictly_after", "strictly_before")} <= set(
            variables
        )
    assert {f"order[{f}]" for f in ("id", "firstname", "lastname", "email", "createdAt", "updatedAt")} <= set(
        variables
    )
    assert search["hydra:template"].startswith("/flowtly/candidates{?firstname,")
    assert search["@type"] == "hydra:IriTemplate"
    assert search["hydra:variableRepresentation"] == "BasicRepresentation"
    assert all(
        m
        == {
            "@type": "IriTemplateMapping",
            "variable": m["variable"],
            "property": m["property"],
            "required": False,
        }
        for m in search["hydra:mapping"]
    )


# -- full-text search (§4.3; checklist 25) ----------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_full_text_search(api: Api, mode: str, people, make_candidates: CandidateFactory, clock) -> None:
    api = api.as_mode(mode)
    clock[0] = START + timedelta(days=5)
    make_candidates(api.tenant, firstname="Zoé", lastname="Ada", email="zoe@example.org", location="Lyon")
    clock[0] = START + timedelta(days=6)
    make_candidates(
        api.tenant, firstname="Bob", lastname="Smith", email="bob@example.org", notes="knows ADA well, lyon"
    )
    response = api.get("/flowtly/candidates/search", q="ada lyon")
    assert response.status_code == 200
    check_collection("Candidate", response, mode)
    assert [c["firstname"] for c in api.members(response)] == ["Bob", "Zoé", "Ada"]  # newest first
    assert _names(api, "/flowtly/candidates/search?q=zoe") == ["Zoé"]  # accent-insensitive
    assert _names(api, "/flowtly/candidates/search?q=ada%20lyon&location=lyon") == ["Zoé", "Ada"]
    assert len(_names(api, "/flowtly/candidates/search")) == 5  # empty q: everyone
    paged = api.get("/flowtly/candidates/search", q="ada lyon", itemsPerPage=2, page=2)
    assert [c["firstname"] for c in api.members(paged)] == ["Ada"]
    if mode == "ld":
        body = paged.json()
        assert body["@id"] == "/flowtly/candidates/search"
        assert body["hydra:totalItems"] == 3
        assert body["hydra:view"]["@id"] == "/flowtly/candidates/search?q=ada+lyon&itemsPerPage=2&page=2"
        variables = [m["variable"] for m in body["hydra:search"]["hydra:mapping"]]
        assert variables[0] == "q" and "lastname" in variables
        assert body["hydra:search"]["hydra:template"].startswith("/flowtly/candidates/search{?q,")


def test_search_finds_note_content(api: Api, people) -> None:
    created = api.post(
        "/flowtly/candidate-notes", {"candidate": people["Grace"], "content": "<p>Speaks Klingon</p>"}
    )
    assert created.status_code == 201
    assert _names(api, "/flowtly/candidates/search?q=klingon") == ["Grace"]


# -- tenancy (checklist 21) -------------------------------------------------------------------------


def test_another_company_cannot_see_candidates(
    api: Api, other_api: Api, make_candidates: CandidateFactory
) -> None:
    mine = make_candidates(api.tenant, firstname="Secret", lastname="Person", email="secret@example.org")
    for mode in MODES:
        other = other_api.as_mode(mode)
        problem(other.get(f"/flowtly/candidates/{mine}"), 404, "Not Found", mode)
        problem(other.patch(f"/flowtly/candidates/{mine}", {"notes": "hacked"}), 404, "Not Found", mode)
        assert other.members(other.get("/flowtly/candidates")) == []
        assert other.members(other.get("/flowtly/candidates/search", q="secret")) == []
        assert other.members(other.get("/flowtly/candidates", email="secret@example.org")) == []
    # Another company may use the same email.
    assert (
        other_api.post(
            "/flowtly/candidates", {"firstname": "S", "lastname": "P", "email": "secret@example.org"}
        ).status_code
        == 201
    )
    assert api.fields(api.get(f"/flowtly/candidates/{mine}"))["notes"] is None


# -- cross-face (§8; checklist 31) ------------------------------------------------------------------


def test_a_career_site_applicant_is_a_candidate(api: Api, db: Database, settings: Settings, tmp_path) -> None:
    with db.unit_of_work() as session:
        vacancy = make_vacancy(session, api.tenant.ctx, "Data engineer", status=VacancyStatus.ACTIVE)
        result = apply(
            session,
            api.tenant.ctx,
            LocalFileStore(tmp_path),
            settings.max_upload_bytes,
            ApplicationInput(
                vacancy=vacancy.slug,
                firstname="Linus",
                lastname="Torvalds",
                email="linus@example.org",
                type="link",
                resume="https://example.org/cv.pdf",
            ),
        )
        assert result.candidate is not None
        person_id = result.candidate.public_id
    listed = api.members(api.get("/flowtly/candidates"))
    assert [c["id"] for c in listed] == [person_id]
    fields = api.fields(api.get(f"/flowtly/candidates/{person_id}"))
    assert fields["firstname"] == "Linus"
    assert fields["email"] == "linus@example.org"
    assert fields["position"] == "Data engineer"
    # The same email through this face is taken.
    taken = api.post("/flowtly/candidates", {"firstname": "L", "lastname": "T", "email": "LINUS@example.org"})
    assert violations(taken) == [("email", UNIQUE)]


def test_a_person_without_email_shows_an_empty_email(api: Api, db: Database) -> None:
    from tests.factories import make_candidate

    with db.unit_of_work() as session:
        person = make_candidate(session, api.tenant.ctx, "No", "Mail", email=None)
        pid = person.public_id
    assert api.fields(api.get(f"/flowtly/candidates/{pid}"))["email"] == ""
    # PATCH tolerates the empty stored email until a client sets one.
    assert api.patch(f"/flowtly/candidates/{pid}", {"notes": "ok"}).status_code == 200


def test_nul_characters_in_query_parameters_are_refused(api: Api) -> None:
    response = api.get("/flowtly/candidates/search", q="a\x00b")
    assert response.status_code == 400
    assert response.json()["hydra:description"] == 'The "q" parameter must not contain NUL characters.'
