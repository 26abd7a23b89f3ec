"""Every open endpoint on demo data: answers, costs the same for any page size, shows only public data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from standards.models import Comparison, Translation
from thirdparty.models import Institution

ENDPOINTS = ["regions", "industries", "categories", "standards", "plans", "results", "institutions",
             "comparisons", "translations", "activities"]
DEMO_SEED = 11  # other demo data than the admin pages' tests see


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_endpoint_answers_with_a_constant_number_of_queries(endpoint, demo_data, client):
    counts = {}
    for size in (1, 5):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/{endpoint}/", {"page_size": size})
        assert response.status_code == 200, response.content[:300]
        assert len(response.json()["results"]) <= size
        counts[size] = len(queries)
    assert counts[1] == counts[5], counts


@pytest.mark.django_db
def test_only_public_rows_and_no_contact_data(demo_data, client):
    institutions = client.get("/api/v1/institutions/", {"page_size": 500}).json()["results"]
    assert institutions
    statuses = set(Institution.objects.filter(pk__in=[i["id"] for i in institutions]).values_list("status", flat=True))
    assert statuses == {"accredited"}
    assert Institution.objects.exclude(status="accredited").exists()  # there were others to leave out
    text = client.get("/api/v1/institutions/", {"page_size": 500}).content.decode()
    for email in Institution.objects.exclude(contact_email="").values_list("contact_email", flat=True):
        assert email not in text
    comparisons = client.get("/api/v1/comparisons/", {"page_size": 500}).json()["results"]
    published = set(Comparison.objects.filter(status="published").values_list("id", flat=True))
    assert {c["id"] for c in comparisons} == published
    translations = client.get("/api/v1/translations/", {"page_size": 500}).json()["results"]
    assert all(t["status"] == "published" for t in translations)
    assert len(translations) == Translation.objects.filter(status="published").count()
