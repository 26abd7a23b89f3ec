"""Nothing unpublished and no personal contact data ever reaches the public: every public page (lists
with and without filters, details), every /api/v1/ endpoint (list and detail) and every CSV and
XLSX export is fetched, and no marker of a hidden object may appear in any of them.

Every kind of object exists twice: published (its marker must show somewhere, or the test could
pass by showing nothing) and in each unpublished state — draft, submitted, returned, withdrawn,
superseded, rejected, expired, planned, in translation; comparisons in draft and withdrawn.
"""

import io
import json

import pytest
from openpyxl import load_workbook

from core.models import ReviewStatus
from standards.models import ComparisonKind, ComparisonStatus, TranslationStatus
from tests import factories
from tests import public_scene as scene
from tests.helpers import export_answer, forget_public_pages
from thirdparty.models import AccreditationStatus, CertificateKind, ServiceKind
from verdict import Relation

pytestmark = pytest.mark.django_db

PUBLISHED = ["PUBRESULT", "PUBENTERPRISE", "PUBPLAN", "PUBMEASURE", "PUBCOMPARISON", "PUBCONCLUSION", "PUBITEM",
             "PUBAUTHORITY", "PUBBATCH", "PUBINSTITUTION", "PUBSCOPE"]
HIDDEN = [
    "HIDRESULT-DRAFT", "HIDRESULT-SUBMITTED", "HIDRESULT-RETURNED", "HIDRESULT-WITHDRAWN", "HIDENTERPRISE",
    "HIDPLAN-DRAFT", "HIDPLAN-SUBMITTED", "HIDPLAN-RETURNED", "HIDPLAN-WITHDRAWN", "HIDMEASURE-SUPERSEDED",
    "HIDCOND-SUPERSEDED", "HIDMEASURE-RETURNED-V2", "HIDCOMPARISON", "HIDCONCLUSION", "HIDITEM", "HIDAUTHORITY",
    "HIDBATCH-PLANNED", "HIDBATCH-PROGRESS", "HIDINSTITUTION-APPLIED", "HIDINSTITUTION-REJECTED",
    "HIDINSTITUTION-EXPIRED", "HIDSCOPE", "HIDPERSON", "HIDPHONE", "hidmail",
]


@pytest.fixture
def marked(regions):
    from datetime import date

    gb = scene.standard("GB 2626-2019", title="呼吸防护 自吸过滤式防颗粒物呼吸器", kind="gb_mandatory")
    en = scene.standard("EN 149:2001+A1:2009", title="过滤半面罩", kind="regional", country="EU")
    filtration = factories.IndicatorFactory(key="filtration", name_zh="过滤效率", unit="%")
    mask = scene.category("日常防护型口罩")
    limits = {filtration: (95, None, "%", "85 L/min")}

    def personal(tag):
        return {"contact_name": f"HIDPERSON-{tag}", "contact_phone": f"HIDPHONE-{tag}",
                "contact_email": f"hidmail-{tag.lower()}@example.cn"}

    shown = factories.EnterpriseFactory(name="PUBENTERPRISE 深圳甲", region=regions["nanshan"], **personal("ENT"))
    hidden = factories.EnterpriseFactory(name="HIDENTERPRISE 广州乙", region=regions["tianhe"], **personal("ENT2"))

    plan = scene.plan_version(title="PUBPLAN 口罩方案", category=mask, measures="PUBMEASURE",
                              standards=[(gb, True, limits)])
    for status in (ReviewStatus.DRAFT, ReviewStatus.SUBMITTED, ReviewStatus.RETURNED, ReviewStatus.WITHDRAWN):
        scene.plan_version(title=f"HIDPLAN-{status.upper()}", category=mask, status=status, enterprise=hidden,
                           author_kind="enterprise", standards=[(gb, True, limits)])
    superseded = scene.plan_version(title="PUBPLAN 修订方案", category=mask, status=ReviewStatus.SUPERSEDED,
                                    measures="HIDMEASURE-SUPERSEDED",
                                    standards=[(en, True, {filtration: (94, None, "%", "HIDCOND-SUPERSEDED")})])
    current = scene.plan_version(title="", category=mask, plan=superseded.plan, number=2, measures="PUBMEASURE v2",
                                 standards=[(gb, True, limits)])
    returned_v2 = scene.plan_version(title="", category=mask, plan=plan.plan, number=2, status=ReviewStatus.RETURNED,
                                     measures="HIDMEASURE-RETURNED-V2")

    result = scene.result(plan, shown, name="PUBRESULT 口罩")
    scene.result(current, shown, name="PUBRESULT 修订方案口罩")
    hidden_results = [scene.result(plan, hidden if status != ReviewStatus.WITHDRAWN else shown,
                                   name=f"HIDRESULT-{status.upper()}", status=status)
                      for status in (ReviewStatus.DRAFT, ReviewStatus.SUBMITTED, ReviewStatus.RETURNED,
                                     ReviewStatus.WITHDRAWN)]

    comparison = scene.comparison(gb, en, title="PUBCOMPARISON GB 与 EN", conclusion="PUBCONCLUSION",
                                  items=[("PUBITEM", Relation.STRICTER, "")], recognitions=[("PUBAUTHORITY", "FR")])
    secret = scene.comparison(en, gb, title="HIDCOMPARISON", conclusion="HIDCONCLUSION", status=ComparisonStatus.DRAFT,
                              items=[("HIDITEM", Relation.LOOSER, "")], recognitions=[("HIDAUTHORITY", "DE")])
    withdrawn = scene.comparison(gb, en, kind=ComparisonKind.EQUIVALENCE, title="HIDCOMPARISON-WITHDRAWN",
                                 conclusion="HIDCONCLUSION-WITHDRAWN", status=ComparisonStatus.WITHDRAWN,
                                 items=[("HIDITEM-WITHDRAWN", Relation.EQUAL, "")],
                                 recognitions=[("HIDAUTHORITY-WITHDRAWN", "IT")])
    translation = scene.translation(gb, batch="PUBBATCH 2020")
    planned = [scene.translation(gb, language="fr", batch="HIDBATCH-PLANNED", status=TranslationStatus.PLANNED),
               scene.translation(en, language="ru", batch="HIDBATCH-PROGRESS", status=TranslationStatus.IN_PROGRESS)]

    institution = scene.institution(
        "PUBINSTITUTION 检测院", region=regions["nanshan"], services=[(mask, ServiceKind.PRODUCT_TESTING)],
        certificates=[(CertificateKind.CNAS, "L10001", "PUBSCOPE", date(2030, 1, 1))], **personal("INST"),
    )
    hidden_institutions = [
        scene.institution(f"HIDINSTITUTION-{status.upper()}", region=regions["nanshan"], status=status,
                          services=[(mask, ServiceKind.PRODUCT_TESTING)],
                          certificates=[(CertificateKind.CNAS, f"L9000{n}", "HIDSCOPE", date(2030, 1, 1))])
        for n, status in enumerate((AccreditationStatus.APPLIED, AccreditationStatus.REJECTED,
                                    AccreditationStatus.EXPIRED))
    ]
    scene.activity("深圳动员会", region=regions["shenzhen"])
    return {
        "shown": {"result": result, "plan": plan, "comparison": comparison, "translation": translation,
                  "institution": institution, "standard": gb},
        "hidden": {"results": hidden_results, "plans": [returned_v2, superseded], "comparisons": [secret, withdrawn],
                   "translations": planned, "institutions": hidden_institutions},
        "hidden_plan_ids": list(
            plan.plan.__class__.objects.filter(title_zh__startswith="HIDPLAN").values_list("pk", flat=True)
        ),
    }


def _body(response) -> str:
    data = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row)
    return data.decode("utf-8")


def _fetch(client, url, expected=(200,)) -> str:
    forget_public_pages()
    response = client.get(url)
    assert response.status_code in expected, (url, response.status_code)
    return _body(response) if response.status_code == 200 else ""


# Filter values are never whole markers: a page may echo the visitor's own query back to them.
PAGE_LISTS = [
    "/", "/results/", "/results/?q=HID", "/results/?category_name=口罩", "/results/?enterprise=广州乙",
    "/results/?province=440000&city=440100", "/results/?sort=oldest", "/technical-plans/",
    "/technical-plans/?q=HIDPLAN", "/technical-plans/?author_kind=enterprise", "/technical-plans/?sort=code",
    "/standards/", "/standards/?q=GB", "/standards/translations/", "/standards/translations/?batch=HIDBATCH",
    "/standards/translations/?language=fr", "/comparisons/", "/comparisons/?q=HID", "/comparisons/?recognized=true",
    "/institutions/", "/institutions/?q=HID", "/institutions/?service=product_testing",
    "/institutions/?category_name=口罩", "/institutions/?province=440000&city=440300", "/regions/",
    "/regions/440300/", "/regions/440100/", "/regions/cities/?province=440000", "/activities/",
]


def test_no_public_page_api_or_export_shows_anything_unpublished(client, marked):
    shown = marked["shown"]
    seen = []
    for url in PAGE_LISTS:
        seen.append(_fetch(client, url))
        seen.append(_fetch(client, url + ("&" if "?" in url else "?") + "lang=en"))
    seen += [
        _fetch(client, f"/results/{shown['result'].pk}/"),
        _fetch(client, f"/technical-plans/{shown['plan'].plan_id}/"),
        _fetch(client, f"/technical-plans/{marked['hidden']['plans'][1].plan_id}/"),  # its current version
        _fetch(client, f"/standards/{shown['standard'].pk}/"),
        _fetch(client, f"/comparisons/{shown['comparison'].pk}/"),
        _fetch(client, f"/institutions/{shown['institution'].pk}/"),
    ]
    hidden = marked["hidden"]
    not_found = (404,)
    for result in hidden["results"]:
        _fetch(client, f"/results/{result.pk}/", not_found)
        _fetch(client, f"/api/v1/results/{result.pk}/", not_found)
    for plan_id in marked["hidden_plan_ids"]:
        _fetch(client, f"/technical-plans/{plan_id}/", not_found)
    for version in hidden["plans"]:
        _fetch(client, f"/api/v1/plans/{version.pk}/", not_found)
    for comparison in hidden["comparisons"]:
        _fetch(client, f"/comparisons/{comparison.pk}/", not_found)
        _fetch(client, f"/api/v1/comparisons/{comparison.pk}/", not_found)
    for translation in hidden["translations"]:
        _fetch(client, f"/api/v1/translations/{translation.pk}/", not_found)
    for institution in hidden["institutions"]:
        _fetch(client, f"/institutions/{institution.pk}/", not_found)
        _fetch(client, f"/api/v1/institutions/{institution.pk}/", not_found)

    endpoints = json.loads(_fetch(client, "/api/v1/?format=json"))
    assert {"results", "plans", "standards", "comparisons", "translations", "institutions"} <= set(endpoints)
    exports = {}
    for name, absolute in endpoints.items():
        url = absolute.replace("http://testserver", "").split("?")[0]
        listing = _fetch(client, url + "?format=json")
        seen.append(listing)
        for row in json.loads(listing)["results"]:
            key = row.get("id", row.get("code"))
            seen.append(_fetch(client, f"{url}{key}/?format=json"))
        for export in ("csv", "xlsx"):
            forget_public_pages()
            answer = export_answer(client, f"{url}?format={export}")
            assert answer.status_code == 200, (url, export, answer.status_code)
            exports[(name, export)] = _body(answer)
        seen.append(_fetch(client, url + "?format=json&search=HID"))
    seen += exports.values()
    for stats in ("summary", "by-region", "by-industry", "by-month"):
        seen.append(_fetch(client, f"/api/v1/stats/{stats}/?format=json", (200, 404)))

    everything = "\n".join(seen)
    leaks = [marker for marker in HIDDEN if marker in everything]
    assert not leaks, f"unpublished or personal data is public: {leaks}"
    missing = [marker for marker in PUBLISHED if marker not in everything]
    assert not missing, f"published data is missing, so the test proves nothing: {missing}"
    # The exports were really read (an empty or unreadable file would hide nothing).
    assert "PUBRESULT" in exports[("results", "xlsx")] and "PUBRESULT" in exports[("results", "csv")]
    assert "PUBINSTITUTION" in exports[("institutions", "xlsx")] and "PUBBATCH" in exports[("translations", "csv")]
