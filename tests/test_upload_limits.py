"""Uploads are capped while the request streams in: a body larger than the view accepts is refused
by its declared length before a byte of it is read, and a file the moment it passes its limit, with
a 413 that says which limit (in the visitor's language) and nothing written."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from core.uploads import MAX_PDF_BYTES, MAX_SCAN_BYTES
from results import services
from results.models import TestReport
from thirdparty.models import Institution

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
REGISTER = "/institution/register/"


class CountingInput(io.BytesIO):
    """The request body as the server hands it over, counting what the application reads."""

    consumed = 0

    def read(self, size=-1):
        data = super().read(size)
        self.consumed += len(data)
        return data

    def readline(self, size=-1):
        data = super().readline(size)
        self.consumed += len(data)
        return data


def post_streamed(client, address, body: bytes, *, declared_length: int | None = None, **headers):
    stream = CountingInput(body)
    response = client.generic("POST", address, b"", **{"CONTENT_TYPE": MULTIPART_CONTENT,
        "wsgi.input": stream, "CONTENT_LENGTH": str(declared_length or len(body)), **headers})
    return response, stream


def registration(scan: bytes) -> bytes:
    return encode_multipart(BOUNDARY, {
        "name": "某检测中心", "certificates-TOTAL_FORMS": "1", "certificates-INITIAL_FORMS": "0",
        "certificates-0-scan": SimpleUploadedFile("扫描件.pdf", scan, content_type="application/pdf"),
    })


def test_a_hundred_megabytes_posted_anonymously_are_refused_unread(client):
    response, stream = post_streamed(client, REGISTER, registration(b"%PDF-1.4\n"), declared_length=100 * MB)
    assert response.status_code == 413
    assert stream.consumed == 0
    assert "超过 25.0\xa0MB 的上限" in response.content.decode()
    assert not Institution.objects.exists()


def test_a_scan_over_its_limit_is_cut_off_while_streaming(client):
    body = registration(b"%PDF-1.4\n" + b"0" * (MAX_SCAN_BYTES + 3 * MB))
    response, stream = post_streamed(client, REGISTER, body)
    assert response.status_code == 413
    page = response.content.decode()
    assert "文件“扫描件.pdf”超过 5.0\xa0MB 的上限" in page and "已填写的内容未被保存" in page
    assert stream.consumed < MAX_SCAN_BYTES + MB  # stopped at the limit, not at the end of the body
    assert not Institution.objects.exists()


def test_the_reason_follows_the_visitors_language(client):
    client.cookies["django_language"] = "en"
    response, _stream = post_streamed(client, REGISTER, registration(b"x"), declared_length=100 * MB)
    assert response.status_code == 413
    assert "over the limit of 25.0" in response.content.decode()


def test_a_report_over_its_limit_is_refused_and_nothing_is_stored(client, enterprise_user_a, respirator_plan,
                                                                 settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    result = services.result_create(
        actor=enterprise_user_a, enterprise=enterprise_user_a.enterprise, plan_version=respirator_plan,
        product_name="KN95 口罩", brand="甲牌", model="A-1")
    client.force_login(enterprise_user_a)
    body = encode_multipart(BOUNDARY, {
        "report_number": "R-1", "issued_on": "2024-01-01",
        "file": SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * MAX_PDF_BYTES),
    })
    response, stream = post_streamed(client, f"/enterprise/results/{result.pk}/reports/", body)
    assert response.status_code == 413
    assert stream.consumed < MAX_PDF_BYTES + MB
    assert not TestReport.objects.exists()
    assert not list(tmp_path.rglob("*"))


def test_an_import_file_may_still_be_larger_than_the_default_cap(client, office, settings):
    """The import pages declare their own, larger limit: an 11 MB file reaches the content check."""
    assert settings.UPLOAD_MAX_FILE_BYTES < 11 * MB < settings.IMPORT_MAX_BYTES
    client.force_login(office)
    body = encode_multipart(BOUNDARY, {"kind": "results", "mode": "upsert",
                                       "file": SimpleUploadedFile("big.xlsx", b"0" * 11 * MB)})
    response, stream = post_streamed(client, "/admin/core/importjob/add/", body)
    assert response.status_code != 413
    assert stream.consumed == len(body)
