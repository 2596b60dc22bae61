import pytest


@pytest.fixture(autouse=True)
def _site(settings, world):
    settings.LOKET_DEFAULT_ORGANISATION = world.gemeente.slug


def test_classify_ranks_main_and_sub_categories_best_first(client, world):
    response = client.post("/api/v1/meldingen/classify", {"text": "glasbak vol"}, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["sub"][0] == {"id": "container-is-vol", "name": "Container is vol", "confidence": 0.9}
    assert body["main"][0]["id"] == "afval" and body["main"][0]["name"] == "Afval"
    confidences = [r["confidence"] for r in body["sub"]]
    assert confidences == sorted(confidences, reverse=True)
    assert world.classifier.calls == ["glasbak vol"]


def test_classify_refuses_empty_and_too_long_text_with_problem_json(client, world):
    empty = client.post("/api/v1/meldingen/classify", {"text": "  "}, content_type="application/json")
    assert empty.status_code == 400 and empty["Content-Type"] == "application/problem+json"
    assert empty.json()["invalid-params"][0]["reason"] == "Geef een tekst om te classificeren."
    too_long = client.post("/api/v1/meldingen/classify", {"text": "a" * 100_000}, content_type="application/json")
    assert too_long.status_code == 400 and "hoogstens 5000" in too_long.json()["invalid-params"][0]["reason"]
    assert client.post("/api/v1/meldingen/classify", "niet json", content_type="application/json").status_code == 400
