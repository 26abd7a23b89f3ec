"""Stored files leave through one view that asks each file's rule who may read it: test reports,
certificate scans, import files and their error reports. Nobody else learns that a file exists
(404), nothing is served from /media/ in any mode, and a PDF is shown only inline in a sandbox."""

import datetime as dt
import importlib
import re
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import clear_url_caches, reverse

import config.urls
from core.downloads import download_url
from core.imports import services as imports
from results import services
from results.models import TestReport
from tests import factories
from tests import public_scene as scene
from tests.helpers import respirator_values
from tests.import_helpers import result_row, write_xlsx
from tests.upload_files import HTML_POLYGLOT, SVG_POLYGLOT, png_bytes, real_pdf
from thirdparty.models import Certificate, CertificateKind

pytestmark = pytest.mark.django_db

PDF = real_pdf(2)
RANDOM_PDF_NAME = re.compile(r"^reports/\d{4}/\d{2}/[0-9a-f]{32}\.pdf$")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def submitted_with_report(enterprise_user_a, respirator_plan):
    """A result of enterprise A (深圳) with a PDF report, submitted to its city office."""
    result = services.result_create(
        actor=enterprise_user_a, enterprise=enterprise_user_a.enterprise, plan_version=respirator_plan,
        product_name="KN95 口罩", brand="甲牌", model="A-1",
    )
    services.result_save_values(actor=enterprise_user_a, result=result, values=respirator_values(respirator_plan))
    report = services.result_add_report(
        actor=enterprise_user_a, result=result, report_number="深圳检测/2023\"001", issued_on=dt.date(2023, 5, 1),
        issuer_name="某检测中心", upload=SimpleUploadedFile("报告<img src=x onerror=alert(1)>.html", PDF),
    )
    services.result_submit(actor=enterprise_user_a, result=result)
    return report


def status_for(user, url: str) -> int:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


# --- what is stored -------------------------------------------------------------------------------------

def test_a_real_pdf_is_stored_under_a_random_pdf_name_with_no_part_of_the_uploaded_name(
    submitted_with_report, media_root
):
    name = submitted_with_report.file.name
    assert RANDOM_PDF_NAME.match(name), name
    assert not any(part in name for part in ("报告", "img", "onerror", "html"))
    assert (media_root / name).read_bytes() == PDF


@pytest.mark.parametrize(("content", "name", "reason"), [
    (HTML_POLYGLOT, "report.html", "不是 PDF 文件"),
    (SVG_POLYGLOT, "report.svg", "不是 PDF 文件"),
    (real_pdf(password="x"), "report.pdf", "已加密"),
    (real_pdf(4), "report.pdf", "共 4 页，超过上限 3 页"),
    (real_pdf()[:200], "report.pdf", "不是 PDF 文件"),
], ids=["html-polyglot", "svg-polyglot", "encrypted", "over-page-cap", "truncated"])
def test_a_bad_report_upload_is_refused_in_the_portal_with_the_reason_and_nothing_is_stored(
    client_for, enterprise_user_a, respirator_plan, media_root, settings, content, name, reason
):
    settings.PDF_MAX_PAGES = 3
    result = services.result_create(
        actor=enterprise_user_a, enterprise=enterprise_user_a.enterprise, plan_version=respirator_plan,
        product_name="KN95 口罩", brand="甲牌", model="A-1",
    )
    response = client_for(enterprise_user_a).post(reverse("results:result_add_report", args=[result.pk]), {
        "report_number": "R-1", "issued_on": "2023-05-01", "issuer_name": "某检测中心",
        "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        "indicators": [pi.pk for pi in respirator_plan.indicators.all()],
    })
    assert response.status_code == 422 and reason in response.content.decode()
    assert TestReport.objects.count() == 0 and not any(p.is_file() for p in media_root.rglob("*"))


# --- no public path --------------------------------------------------------------------------------------

@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def urls_built_in_each_mode(request, settings):
    """The URL configuration as it is built with DEBUG off and with DEBUG on."""
    settings.DEBUG = request.param
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def test_media_is_not_served_in_any_mode(urls_built_in_each_mode, submitted_with_report, office, client):
    assert client.get(f"/media/{submitted_with_report.file.name}").status_code == 404
    client.force_login(office)
    assert client.get(f"/media/{submitted_with_report.file.name}").status_code == 404
    assert client.get(download_url(submitted_with_report, "file")).status_code == 200


# --- who reads a test report ------------------------------------------------------------------------------

def test_a_report_is_read_by_its_enterprise_its_city_office_and_the_campaign_office_only(
    submitted_with_report, enterprise_user_a, enterprise_user_b, city_office_a, city_office_b, office,
    institution_user,
):
    url = download_url(submitted_with_report, "file")
    assert url == f"/files/results.testreport/{submitted_with_report.pk}/file/"
    matrix = {
        "owner": (enterprise_user_a, 200), "same-city office": (city_office_a, 200),
        "campaign office": (office, 200), "other-city office": (city_office_b, 404),
        "other enterprise": (enterprise_user_b, 404), "an institution": (institution_user, 404),
        "anonymous": (None, 404),
    }
    assert {who: status_for(user, url) for who, (user, _status) in matrix.items()} == {
        who: status for who, (_user, status) in matrix.items()}


def test_a_pdf_is_shown_inline_in_a_sandbox_and_never_sniffed(submitted_with_report, client_for, office):
    response = client_for(office).get(download_url(submitted_with_report, "file"))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    # Exactly the sandbox: the CSP middleware's page policy does not replace it.
    assert response["Content-Security-Policy"] == "sandbox"
    disposition = response["Content-Disposition"]
    # The report number is the name, without its slash and quote, in RFC 5987 form for Chinese.
    assert disposition.startswith("inline; ") and f"filename*=utf-8''{quote('深圳检测-2023-001.pdf')}" in disposition
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", [
    "/files/results.testreport/999999/file/",
    "/files/results.testreport/{pk}/report_number/",
    "/files/accounts.user/1/password/",
    "/files/nothing/1/file/",
    "/files/results.testreport/{pk}/../../../etc/passwd/",
])
def test_unknown_files_and_fields_are_not_found(submitted_with_report, client_for, office, url):
    assert client_for(office).get(url.format(pk=submitted_with_report.pk)).status_code == 404


def test_only_reading_methods_are_answered(submitted_with_report, client_for, office):
    client = client_for(office)
    url = download_url(submitted_with_report, "file")
    assert client.head(url).status_code == 200
    assert client.post(url).status_code in (403, 405)  # refused before or by the view; never served


def test_a_report_whose_file_is_gone_is_not_found_not_an_error(submitted_with_report, client_for, office, media_root):
    (media_root / submitted_with_report.file.name).unlink()
    assert client_for(office).get(download_url(submitted_with_report, "file")).status_code == 404


def test_an_old_report_stored_under_its_uploaders_name_is_downloaded_as_bytes_never_shown(
    submitted_with_report, client_for, office, media_root
):
    old_name = "reports/2024/01/报告.html"
    (media_root / "reports/2024/01").mkdir(parents=True)
    (media_root / old_name).write_bytes(HTML_POLYGLOT)
    TestReport.objects.filter(pk=submitted_with_report.pk).update(file=old_name)
    response = client_for(office).get(download_url(submitted_with_report, "file"))
    assert response.status_code == 200 and response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment; ") and ".pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


# --- reviewers open reports from the admin -------------------------------------------------------------------

def test_a_city_office_opens_the_report_from_the_admin_result_page_with_debug_off(
    submitted_with_report, client_for, city_office_a, settings
):
    settings.DEBUG = False
    client = client_for(city_office_a)
    page = client.get(reverse("admin:results_benchmarkresult_change", args=[submitted_with_report.result_id]))
    assert page.status_code == 200
    hrefs = re.findall(r'href="([^"]*)"', page.content.decode())
    # Nothing answers at /media/ (in production nothing ever did): the link is the download view's.
    assert not any(href.startswith("/media/") for href in hrefs)
    report_links = [href for href in hrefs if href.startswith("/files/")]
    assert report_links == [download_url(submitted_with_report, "file")]
    response = client.get(report_links[0])
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF


# --- certificate scans ---------------------------------------------------------------------------------------

@pytest.fixture
def certificate_with_scan(institution):
    certificate = Certificate.objects.create(
        institution=institution, kind=CertificateKind.CNAS, number="L1234", valid_until=dt.date(2030, 1, 1),
    )
    certificate.scan.save("scan.png", ContentFile(png_bytes()))
    return certificate


def test_a_scan_is_read_by_its_institution_the_campaign_office_and_its_city_office_only(
    certificate_with_scan, institution_user, office, city_office_a, city_office_b, enterprise_user_a, regions
):
    other = factories.UserFactory(username="inst-b", role="institution",
                                  institution=scene.institution("广州某检测所", region=regions["tianhe"]))
    url = download_url(certificate_with_scan, "scan")
    matrix = {
        "own institution": (institution_user, 200), "campaign office": (office, 200),
        "same-city office": (city_office_a, 200), "other-city office": (city_office_b, 404),
        "other institution": (other, 404), "an enterprise": (enterprise_user_a, 404), "anonymous": (None, 404),
    }
    assert {who: status_for(user, url) for who, (user, _status) in matrix.items()} == {
        who: status for who, (_user, status) in matrix.items()}


def test_an_image_scan_is_an_attachment_of_its_checked_type(certificate_with_scan, client_for, office):
    response = client_for(office).get(download_url(certificate_with_scan, "scan"))
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="CNAS-L1234.png"'
    assert response["Content-Security-Policy"] != "sandbox"  # the page policy, from the middleware


def test_the_admin_stores_a_scan_under_a_random_name_of_its_checked_type(
    certificate_with_scan, client_for, office, media_root
):
    url = reverse("admin:thirdparty_certificate_change", args=[certificate_with_scan.pk])
    client = client_for(office)
    page = client.get(url).content.decode()
    assert download_url(certificate_with_scan, "scan") in page and "/media/" not in page
    response = client.post(url, {
        "institution": certificate_with_scan.institution_id, "kind": "cnas", "number": "L1234", "scope": "",
        "valid_until": "2030-01-01", "scan": SimpleUploadedFile("evil.svg", real_pdf(), content_type="image/svg+xml"),
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    certificate_with_scan.refresh_from_db()
    assert re.match(r"^certificates/\d{4}/[0-9a-f]{32}\.pdf$", certificate_with_scan.scan.name)
    refused = client.post(url, {
        "institution": certificate_with_scan.institution_id, "kind": "cnas", "number": "L1234", "scope": "",
        "valid_until": "2030-01-01", "scan": SimpleUploadedFile("scan.pdf", SVG_POLYGLOT),
    })
    assert refused.status_code == 200 and "不是 PDF、JPEG 或 PNG 文件" in refused.content.decode()


# --- import files and their error reports ----------------------------------------------------------------------

@pytest.fixture
def enterprise_job(enterprise_user_a, import_plan, tmp_path, enterprise_a):
    rows = [result_row(enterprise_a.uscc, "口罩"), result_row("1", "坏")]
    path = write_xlsx(tmp_path / "我的结果<script>.xlsx", rows)
    job = imports.import_job_create(kind="results", actor=enterprise_user_a, path=path,
                                    options={"plan_version": import_plan.pk}, enqueue=False)
    return imports.import_job_run(job_id=job.pk)


def test_an_import_file_and_its_error_report_are_read_by_the_owner_and_the_campaign_office_only(
    enterprise_job, enterprise_user_a, enterprise_user_b, office, city_office_a
):
    assert enterprise_job.error_report
    for field in ("file", "error_report"):
        assert not any(part in getattr(enterprise_job, field).name for part in ("我的结果", "script"))
        url = download_url(enterprise_job, field)
        assert {who: status_for(user, url) for who, user in [
            ("owner", enterprise_user_a), ("campaign office", office), ("other enterprise", enterprise_user_b),
            ("a city office", city_office_a), ("anonymous", None),
        ]} == {"owner": 200, "campaign office": 200, "other enterprise": 404, "a city office": 404, "anonymous": 404}


def test_an_error_report_is_an_attachment_named_after_the_uploaded_file(enterprise_job, client_for, office):
    response = client_for(office).get(download_url(enterprise_job, "error_report"))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment; ")
    assert quote("我的结果-script-错误报告.xlsx") in response["Content-Disposition"]
