from __future__ import annotations

from fastapi.testclient import TestClient

from vivier.web.i18n import from_accept_language, local_path, translate


def test_accept_language_honours_quality_and_ignores_unsupported() -> None:
    assert from_accept_language("de-DE,en;q=0.5,fr;q=0.8") == "fr"
    assert from_accept_language("en-GB,fr;q=0.9") == "en"
    assert from_accept_language("de,es") is None
    assert from_accept_language("fr;q=0,en;q=0.1") == "en"
    assert from_accept_language("fr;q=oops,en;q=0.2") == "en"


def test_translation_falls_back_to_english_and_fills_placeholders() -> None:
    assert translate("fr", "Page not found") == "Page introuvable"
    assert translate("en", "Page not found") == "Page not found"
    assert translate("fr", "No such message {n}", n=3) == "No such message 3"


def test_only_local_paths_are_followed() -> None:
    assert local_path("/jobs/acme?x=1") == "/jobs/acme?x=1"
    for target in ("https://evil.example/", "//evil.example/", "javascript:alert(1)", "", None):
        assert local_path(target) == "/"


def test_language_switch_sets_cookie_and_returns_to_page(client: TestClient) -> None:
    response = client.get("/lang/en", params={"next": "/jobs/x"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/jobs/x"
    assert "vivier_lang=en" in response.headers["set-cookie"]
    refused = client.get("/lang/de", params={"next": "https://evil.example"}, follow_redirects=False)
    assert refused.headers["location"] == "/" and "set-cookie" not in refused.headers


def test_catalogues_never_translate_one_message_two_ways() -> None:
    """Catalogues are merged into one dictionary: a message translated differently in two files
    would silently take whichever file sorts last."""
    import json
    from pathlib import Path

    import vivier.web

    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for path in sorted((Path(vivier.web.__file__).parent / "translations" / "fr").glob("*.json")):
        for message, text in json.loads(path.read_text(encoding="utf-8")).items():
            if message in seen and seen[message][1] != text:
                clashes.append((message, seen[message], (path.name, text)))
            seen.setdefault(message, (path.name, text))
    assert clashes == []
