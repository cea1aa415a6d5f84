"""What the face knows about each resource: path, JSON-LD type, id kind, filters, order fields, context.

One table drives query parsing, ``hydra:search``, IRIs, 405 answers and ``/contexts/{Type}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from vivier.faces.flowtly.errors import PREFIX

Strategy = Literal["exact", "partial", "relation"]
DATE_OPS = ("after", "before", "strictly_after", "strictly_before")


@dataclass(frozen=True)
class Resource:
    path: str  # "candidates"
    type: str  # "Candidate"
    int_ids: bool
    fields: tuple[str, ...]  # serialized fields, in output order (without the @ keys)
    relations: dict[str, str] = field(default_factory=dict)  # field -> related resource path
    filters: dict[str, Strategy] = field(default_factory=dict)
    dates: tuple[str, ...] = ()  # date-filterable fields
    order: tuple[str, ...] = ()
    methods: tuple[str, ...] = ("GET", "POST")  # on the collection
    item_methods: tuple[str, ...] = ("GET", "PATCH")

    @property
    def collection_iri(self) -> str:
        return f"{PREFIX}/{self.path}"

    def iri(self, ident: str | int) -> str:
        return f"{PREFIX}/{self.path}/{ident}"

    @property
    def context_iri(self) -> str:
        return f"{PREFIX}/contexts/{self.type}"


CANDIDATES = Resource(
    "candidates",
    "Candidate",
    False,
    (
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
    ),
    filters={
        "firstname": "partial",
        "lastname": "partial",
        "email": "exact",
        "source": "exact",
        "position": "partial",
        "location": "partial",
    },
    dates=("createdAt", "updatedAt"),
    order=("id", "firstname", "lastname", "email", "createdAt", "updatedAt"),
)
NOTES = Resource(
    "candidate-notes",
    "CandidateNote",
    False,
    ("id", "candidate", "content", "author", "createdAt", "updatedAt"),
    relations={"candidate": "candidates", "author": "members"},
    filters={"candidate": "relation"},
    dates=("createdAt", "updatedAt"),
    order=("createdAt", "updatedAt"),
    item_methods=("GET", "PATCH", "DELETE"),
)
GROUPS = Resource(
    "recruitment-task-groups",
    "RecruitmentTaskGroup",
    True,
    ("id", "name", "description", "recruitmentTasks", "createdAt", "updatedAt"),
    relations={"recruitmentTasks": "recruitment-tasks"},
    filters={"name": "partial"},
    dates=("createdAt", "updatedAt"),
    order=("id", "name", "createdAt", "updatedAt"),
)
TASKS = Resource(
    "recruitment-tasks",
    "RecruitmentTask",
    True,
    ("id", "question", "options", "recruitmentTaskGroup", "updatedAt"),
    relations={"recruitmentTaskGroup": "recruitment-task-groups"},
    filters={"recruitmentTaskGroup": "relation"},
    dates=("updatedAt",),
    order=("id", "updatedAt"),
)
ANSWERS = Resource(
    "recruitment-task-answers",
    "RecruitmentTaskAnswer",
    True,
    ("id", "recruitmentTask", "candidate", "answer", "score", "createdAt", "updatedAt"),
    relations={"recruitmentTask": "recruitment-tasks", "candidate": "candidates"},
    filters={"recruitmentTask": "relation", "candidate": "relation"},
    dates=("createdAt", "updatedAt"),
    order=("id", "createdAt", "updatedAt"),
)
REQUESTS = Resource(
    "resource-requests",
    "ResourceRequest",
    False,
    (
        "id",
        "client",
        "status",
        "location",
        "position",
        "description",
        "start",
        "salaryRangeMin",
        "salaryRangeMax",
        "billingType",
        "owners",
        "createdAt",
        "updatedAt",
    ),
    relations={"owners": "members"},
    filters={"status": "exact", "client": "partial"},
    dates=("createdAt", "updatedAt"),
    order=("createdAt", "updatedAt", "start"),
)
PROPOSALS = Resource(
    "resource-request-candidates",
    "ResourceRequestCandidate",
    False,
    ("id", "resourceRequest", "candidate", "status", "createdAt", "updatedAt"),
    relations={"resourceRequest": "resource-requests", "candidate": "candidates"},
    filters={"resourceRequest": "relation", "candidate": "relation", "status": "exact"},
    dates=("createdAt", "updatedAt"),
    order=("createdAt", "updatedAt"),
    item_methods=("GET", "PATCH", "DELETE"),
)
MEMBERS = Resource(
    "members",
    "Member",
    False,
    ("id", "firstname", "lastname", "email", "createdAt", "updatedAt"),
    filters={"email": "exact"},
    dates=("createdAt", "updatedAt"),
    order=("lastname", "createdAt"),
    methods=("GET",),
    item_methods=("GET",),
)
# The sync feed of deletions (a Vivier addition): items are the deleted resources' IRIs.
DELETIONS = Resource(
    "deletions",
    "Deletion",
    False,
    ("id", "type", "deletedAt"),
    filters={"type": "exact"},
    dates=("deletedAt",),
    order=("deletedAt",),
    methods=("GET",),
    item_methods=(),
)

RESOURCES: tuple[Resource, ...] = (CANDIDATES, NOTES, GROUPS, TASKS, ANSWERS, REQUESTS, PROPOSALS, MEMBERS)
BY_PATH = {r.path: r for r in RESOURCES}
BY_TYPE = {r.type: r for r in (*RESOURCES, DELETIONS)}

# Fields of the error bodies' contexts (§5.2, §5.3).
ERROR_CONTEXTS: dict[str, tuple[str, ...]] = {
    "Error": ("title", "detail", "status", "type"),
    "ConstraintViolationList": ("title", "detail", "status", "type", "violations"),
}


def context_document(type_name: str) -> dict[str, object] | None:
    """The JSON-LD context of a type (§3.2), or None for an unknown type."""
    resource = BY_TYPE.get(type_name)
    fields = resource.fields if resource else ERROR_CONTEXTS.get(type_name)
    if fields is None:
        return None
    relations = resource.relations if resource else {}
    context: dict[str, object] = {
        "@vocab": f"{PREFIX}/docs.jsonld#",
        "hydra": "http://www.w3.org/ns/hydra/core#",
    }
    for name in fields:
        if name == "id":
            continue
        term = f"{type_name}/{name}"
        context[name] = {"@id": term, "@type": "@id"} if name in relations else term
    return {"@context": context}
