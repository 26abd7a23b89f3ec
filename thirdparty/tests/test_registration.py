"""Self-registration of institutions and keeping their record up to date, through the pages
and the services: what is accepted, what is refused (with a reason) and that nothing of a
refused registration is stored."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from stdnum.cn import uscc as uscc_module

from accounts.models import Role, User
from core.models import HeldUpload
from core.services import held_uploads_sweep
from tests import factories
from tests import public_scene as scene
from tests.upload_files import HTML_POLYGLOT, SVG_POLYGLOT, jpeg_bytes, png_bytes, real_pdf
from thirdparty import selectors, services
from thirdparty.models import AccreditationStatus, Certificate, Institution, InstitutionEvent, InstitutionService

from .helpers import PASSWORD, certificate, held_files, in_days, registration_data, scan, stored_files

pytestmark = pytest.mark.django_db

REGISTER = reverse("thirdparty:register")


def nothing_stored(media_root) -> bool:
    return (
        not Institution.objects.exists() and not User.objects.filter(role=Role.INSTITUTION).exists()
        and not Certificate.objects.exists() and not InstitutionService.objects.exists()
        and not stored_files(media_root)
    )


def form_errors(response) -> str:
    return response.content.decode()


class TestRegistrationPage:
    def test_the_page_opens_with_every_part(self, client, regions):
        response = client.get(REGISTER)
        assert response.status_code == 200
        page = response.content.decode()
        for needle in ("统一社会信用代码", "资质证书", "服务项目", 'name="certificates-TOTAL_FORMS"',
                       'name="services-TOTAL_FORMS"', 'id="certificates-empty"', "js/institution.js",
                       'hx-get="/institution/regions/children/"'):
            assert needle in page
        assert "<script>" not in page  # CSP: no inline script

    def test_a_valid_registration_creates_an_applied_institution_and_its_user(
        self, client, regions, categories, media_root
    ):
        response = client.post(REGISTER, registration_data(categories))
        assert response.status_code == 302, form_errors(response)
        assert response.url == reverse("thirdparty:register_done")
        institution = Institution.objects.get()
        assert institution.status == AccreditationStatus.APPLIED and institution.accredited_at is None
        assert institution.uscc == factories.make_uscc(4242, "440300") and not institution.uscc_legacy_checksum
        assert institution.region_id == "440305" and institution.province_id == "440000"
        user = User.objects.get(username="lab-user")
        assert user.role == Role.INSTITUTION and user.institution == institution and user.check_password(PASSWORD)
        assert user.email == "lab@example.cn"
        certificates = {c.number: c for c in institution.certificates.all()}
        assert set(certificates) == {"L1234", "210012345678"}
        # Stored under a random name with the extension its content has.
        assert certificates["L1234"].scan.name.endswith(".pdf") and certificates["210012345678"].scan.name.endswith(
            ".png"
        )
        assert len(stored_files(media_root)) == 2
        assert set(institution.services.values_list("category__code", "service")) == {
            ("C1781", "product_testing"), ("C1781", "comparison_testing"), ("C1782", "standard_verification"),
        }
        event = InstitutionEvent.objects.get(institution=institution)
        assert (event.from_status, event.to_status, event.actor) == ("", "applied", user)
        # Signed in: the done page and the institution's own page.
        done = client.get(response.url)
        assert "认定申请已提交" in done.content.decode() and "已申请" in done.content.decode()
        own = client.get(reverse("thirdparty:my_institution"))
        assert own.status_code == 200 and "L1234" in own.content.decode()

    def test_a_legacy_check_character_needs_confirmation_and_is_flagged(self, client, regions, categories):
        code = factories.legacy_uscc(777)
        first = client.post(REGISTER, registration_data(categories, uscc=code))
        assert first.status_code == 200
        page = first.content.decode()
        expected = uscc_module.calc_check_digit(code[:-1])
        assert "校验位与 GB 32100 不符" in page and f"应为“{expected}”" in page
        assert 'name="confirm_legacy_uscc"' in page
        assert not Institution.objects.exists()

        second = client.post(REGISTER, registration_data(categories, uscc=code, confirm_legacy_uscc="on"))
        assert second.status_code == 302, form_errors(second)
        institution = Institution.objects.get()
        assert institution.uscc == code and institution.uscc_legacy_checksum is True
        assert "按存量代码登记" in client.get(second.url).content.decode()
        assert "校验位与 GB 32100 不符" in client.get(reverse("thirdparty:my_institution")).content.decode()

    def test_a_registered_uscc_is_refused_with_the_reason(self, client, regions, categories, media_root):
        code = factories.make_uscc(4242, "440300")
        scene.institution("已登记检测研究院", uscc=code)
        response = client.post(REGISTER, registration_data(categories, uscc=code))
        assert response.status_code == 200
        page = response.content.decode()
        assert "已登记为“已登记检测研究院”" in page and "请用已有账号登录" in page
        assert Institution.objects.count() == 1 and not User.objects.filter(username="lab-user").exists()
        assert not stored_files(media_root)

    @pytest.mark.parametrize(("kind", "number", "reason"), [
        ("cnas", "L123", "CNAS 实验室认可证书编号应为字母 L 加 4 至 5 位数字"),
        ("cnas", "L123456", "CNAS 实验室认可证书编号应为字母 L 加 4 至 5 位数字"),
        ("cnas", "A1234", "CNAS 实验室认可证书编号应为字母 L 加 4 至 5 位数字"),
        ("cma", "21001234567", "CMA 资质认定证书编号应为 12 位数字"),
        ("cma", "L12345678901", "CMA 资质认定证书编号应为 12 位数字"),
        ("cma", "", "CMA 资质认定证书编号应为 12 位数字"),
    ])
    def test_bad_certificate_numbers_are_refused(self, client, regions, categories, media_root, kind, number, reason):
        data = registration_data(categories, **{"certificates-1-kind": kind, "certificates-1-number": number})
        response = client.post(REGISTER, data)
        assert response.status_code == 200
        assert reason in response.content.decode()
        assert nothing_stored(media_root)

    def test_numbers_are_normalised(self, client, regions, categories):
        data = registration_data(categories, **{"certificates-0-number": " cnas l01234 ",
                                                "certificates-1-number": "２１００１２３４５６７８"})
        assert client.post(REGISTER, data).status_code == 302
        assert set(Certificate.objects.values_list("number", flat=True)) == {"L01234", "210012345678"}

    def test_a_certificate_number_held_by_another_institution_is_refused(self, client, regions, categories, media_root):
        other = scene.institution("另一检测机构")
        certificate(other, number="L1234")
        response = client.post(REGISTER, registration_data(categories))
        assert response.status_code == 200
        assert "证书编号 L1234 已由其他机构登记" in response.content.decode()
        assert Institution.objects.count() == 1 and len(stored_files(media_root)) == 0

    @pytest.mark.parametrize("days", [0, -1, -400])
    def test_a_certificate_past_or_at_its_end_date_is_refused(self, client, regions, categories, media_root, days):
        data = registration_data(categories, **{"certificates-0-valid_until": in_days(days).isoformat()})
        response = client.post(REGISTER, data)
        assert response.status_code == 200
        assert "已过，请登记仍在有效期内的证书" in response.content.decode()
        assert nothing_stored(media_root)

    @pytest.mark.parametrize(("name", "content", "content_type"), [
        ("scan.png", b"<html><script>alert(1)</script></html>", "image/png"),
        ("scan.pdf", b"just text, not a PDF", "application/pdf"),
        ("scan.jpg", b"\xff\xd8\xff\xe0 truncated jpeg without its end marker", "image/jpeg"),
        ("scan.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/gif"),
        ("scan.pdf", HTML_POLYGLOT, "application/pdf"),
        ("scan.svg", SVG_POLYGLOT, "image/svg+xml"),
        ("scan.pdf", b"%PDF-1.4\n<svg onload=alert(1)>\n%%EOF\n", "application/pdf"),
    ])
    def test_a_scan_that_is_not_pdf_jpeg_or_png_is_refused_and_nothing_is_stored(
        self, client, regions, categories, media_root, name, content, content_type
    ):
        data = registration_data(categories, **{"certificates-1-scan": scan(name, content, content_type)})
        response = client.post(REGISTER, data)
        assert response.status_code == 200
        assert "不是 PDF、JPEG 或 PNG 文件" in response.content.decode()
        assert nothing_stored(media_root)

    def test_an_encrypted_pdf_scan_is_refused_with_the_reason(self, client, regions, categories, media_root):
        data = registration_data(categories, **{"certificates-1-scan": scan("cma.pdf", real_pdf(password="x"))})
        response = client.post(REGISTER, data)
        assert response.status_code == 200 and "已加密或设有密码" in response.content.decode()
        assert nothing_stored(media_root)

    def test_a_scan_is_stored_under_a_random_name_of_its_checked_type(self, client, regions, categories):
        upload = scan("证书<script>.svg", png_bytes(), "image/svg+xml")
        data = registration_data(categories, **{"certificates-1-scan": upload})
        assert client.post(REGISTER, data).status_code == 302
        name = Certificate.objects.get(kind="cma").scan.name
        assert re.match(r"^certificates/\d{4}/[0-9a-f]{32}\.png$", name), name

    def test_a_jpeg_scan_is_accepted(self, client, regions, categories):
        data = registration_data(categories, **{"certificates-1-scan": scan("cma.jpeg", jpeg_bytes(), "image/jpeg")})
        assert client.post(REGISTER, data).status_code == 302
        assert Certificate.objects.get(kind="cma").scan.name.endswith(".jpg")

    def test_an_oversized_scan_is_refused(self, client, regions, categories, media_root, settings):
        big = png_bytes()[:-12] + b"\x00" * (5 * 1024 * 1024) + png_bytes()[-12:]
        data = registration_data(categories, **{"certificates-1-scan": scan("big.png", big, "image/png")})
        response = client.post(REGISTER, data)
        assert response.status_code == 413  # cut off while it streamed in (core.upload_limits)
        assert "文件“big.png”超过 5.0\xa0MB 的上限" in response.content.decode()
        assert nothing_stored(media_root)

    def test_a_new_certificate_needs_its_scan(self, client, regions, categories, media_root):
        data = registration_data(categories)
        del data["certificates-0-scan"]
        response = client.post(REGISTER, data)
        assert "请上传证书扫描件" in response.content.decode()
        assert nothing_stored(media_root)

    def test_a_testing_lab_must_register_a_certificate_others_need_not(self, client, regions, categories):
        data = registration_data(categories, **{"certificates-TOTAL_FORMS": "0"})
        response = client.post(REGISTER, data)
        assert "检验检测机构须至少登记一项 CNAS 或 CMA 证书" in response.content.decode()
        assert not Institution.objects.exists()
        data = registration_data(categories, kind="association", **{"certificates-TOTAL_FORMS": "0"})
        assert client.post(REGISTER, data).status_code == 302
        assert Institution.objects.get().kind == "association"

    def test_services_are_required_and_each_needs_a_kind(self, client, regions, categories):
        data = registration_data(categories, **{"services-1-services": None})
        response = client.post(REGISTER, data)
        assert "请至少选择一项服务" in response.content.decode()
        data = registration_data(categories, **{"services-0-category": "", "services-0-services": None,
                                                "services-TOTAL_FORMS": "1"})
        response = client.post(REGISTER, data)
        assert response.status_code == 200 and not Institution.objects.exists()

    def test_the_same_category_twice_is_refused(self, client, regions, categories):
        data = registration_data(categories, **{"services-1-category": str(categories[0].pk)})
        response = client.post(REGISTER, data)
        assert "填写了两次" in response.content.decode()
        assert not Institution.objects.exists()

    def test_a_province_alone_is_not_enough(self, client, regions, categories):
        response = client.post(REGISTER, registration_data(categories, city="", county=""))
        assert "请选择机构所在的城市" in response.content.decode()
        assert not Institution.objects.exists()

    def test_a_county_of_another_city_is_refused(self, client, regions, categories):
        response = client.post(REGISTER, registration_data(categories, county="440106"))  # 天河区 is 广州's
        assert response.status_code == 200 and not Institution.objects.exists()

    @pytest.mark.parametrize(("field", "value", "reason"), [
        ("uscc", "91440300ABC", "统一社会信用代码应为 18 位"),
        ("uscc", "9144030O0000042429", "统一社会信用代码格式不正确"),
        ("password2", "something-else-2026", "两次输入的密码不一致"),
        ("password1", "12345678", "这个密码太常见了"),
        ("contact_email", "not-an-email", "请输入合法的邮件地址"),
    ])
    def test_bad_fields_are_refused_with_a_reason(self, client, regions, categories, field, value, reason):
        data = registration_data(categories, **{field: value})
        if field == "password1":
            data["password2"] = value
        response = client.post(REGISTER, data)
        assert response.status_code == 200
        assert reason in response.content.decode()
        assert not Institution.objects.exists()

    def test_a_taken_username_is_refused(self, client, regions, categories):
        factories.UserFactory(username="lab-user")
        response = client.post(REGISTER, registration_data(categories))
        assert "用户名“lab-user”已被使用" in response.content.decode()
        assert not Institution.objects.exists()

    @pytest.mark.parametrize("junk", [
        {"province": "abc", "city": "'; drop table", "county": "9" * 40},
        {"certificates-TOTAL_FORMS": "many", "services-TOTAL_FORMS": "-1"},
        {"services-0-category": "99999999", "services-0-services": ["hacking"]},
        {"certificates-0-valid_until": "2026-02-31", "certificates-0-kind": "iso"},
        {"kind": "government", "website": "javascript:alert(1)"},
        {"certificates-TOTAL_FORMS": "100000"},
    ])
    def test_bad_input_never_breaks_the_page(self, client, regions, categories, media_root, junk):
        response = client.post(REGISTER, registration_data(categories, **junk))
        assert response.status_code == 200
        assert nothing_stored(media_root)

    def test_extra_posted_fields_set_nothing(self, client, regions, categories):
        data = registration_data(categories, status="accredited", accredited_at="2020-01-01T00:00",
                                 uscc_legacy_checksum="on", role="office", is_staff="on", is_superuser="on")
        assert client.post(REGISTER, data).status_code == 302
        institution = Institution.objects.get()
        assert institution.status == "applied" and not institution.uscc_legacy_checksum
        user = institution.users.get()
        assert user.role == Role.INSTITUTION and not user.is_staff and not user.is_superuser


class TestRegisterService:
    def test_a_legacy_code_is_never_taken_silently(self, regions, categories):
        with pytest.raises(ValidationError) as refused:
            services.institution_register(
                uscc=factories.legacy_uscc(777), name="某协会", kind="association", region=regions["shenzhen"],
                username="assoc", password=PASSWORD,
                services=[services.ServiceInput(category=categories[0], services=("plan_drafting",))],
            )
        assert "校验位" in str(refused.value)
        assert not Institution.objects.exists()

    def test_a_failure_after_files_were_written_removes_them(self, regions, categories, media_root, monkeypatch):
        def broken(**kwargs):
            raise RuntimeError("database went away")

        monkeypatch.setattr(InstitutionEvent.objects, "create", broken)
        with pytest.raises(RuntimeError):
            services.institution_register(
                uscc=factories.make_uscc(1, "440300"), name="某检测所", kind="testing_lab",
                region=regions["shenzhen"], username="lab", password=PASSWORD,
                certificates=[services.CertificateInput(kind="cnas", number="L9999", valid_until=in_days(90),
                                                        scan=scan())],
                services=[services.ServiceInput(category=categories[0], services=("product_testing",))],
            )
        assert nothing_stored(media_root)


class TestPickers:
    def test_region_children(self, client, regions):
        response = client.get(reverse("thirdparty:region_children"), {"province": "440000"})
        assert response.status_code == 200
        page = response.content.decode()
        assert '<option value="440300">深圳市</option>' in page and '<option value="440100">广州市</option>' in page
        assert "请选择城市" in page
        counties = client.get(reverse("thirdparty:region_children"), {"city": "440300"}).content.decode()
        assert "南山区" in counties and "天河区" not in counties
        for junk in ({"province": "abc"}, {"city": "1" * 50}, {}):
            assert client.get(reverse("thirdparty:region_children"), junk).status_code == 200

    def test_category_search(self, client, categories):
        page = client.get(reverse("thirdparty:category_options"), {"q": "口罩"}).content.decode()
        assert "日用口罩（C1781）" in page and "医用防护口罩" in page and "针织服装" not in page
        assert "C1751" in client.get(reverse("thirdparty:category_options"), {"q": "C175"}).content.decode()
        assert "没有匹配" in client.get(reverse("thirdparty:category_options"), {"q": "火箭"}).content.decode()

    def test_the_institution_picker_lists_accredited_institutions_only(self, client, regions):
        scene.institution("甲检测院")
        scene.institution("乙检测院", status="applied")
        scene.institution("丙检测院", status="expired")
        page = client.get(reverse("thirdparty:institution_options"), {"q": "检测院"}).content.decode()
        assert "甲检测院" in page and "乙检测院" not in page and "丙检测院" not in page
        assert [i.name for i in selectors.search_accredited_institutions("")] == ["甲检测院"]


    def test_the_directory_selector_reads_a_list_in_three_queries(
        self, regions, categories, django_assert_num_queries
    ):
        for n in range(6):
            institution = scene.institution(f"名录机构{n}")
            certificate(institution, number=f"L{6000 + n}")
            certificate(institution, kind="cma", number=f"{330000000000 + n}")
            for category in categories[:2]:
                InstitutionService.objects.create(institution=institution, category=category, service="product_testing")
        factories.InstitutionFactory(name="待认定机构")
        with django_assert_num_queries(3):
            rows = [
                (i.name, i.region.name, i.province.name, [c.number for c in i.certificates.all()],
                 [s.category.name_zh for s in i.services.all()])
                for i in selectors.accredited_institutions()
            ]
        assert len(rows) == 6 and all(len(row[3]) == 2 and len(row[4]) == 2 for row in rows)
        assert "待认定机构" not in {row[0] for row in rows}


class TestOwnPage:
    def test_only_institution_users_have_an_own_page(self, client, client_for, enterprise_user_a, office):
        url = reverse("thirdparty:my_institution")
        assert client.get(url).status_code == 302  # to the login page
        assert client_for(enterprise_user_a).get(url).status_code == 403
        assert client_for(office).get(url).status_code == 403

    def test_the_own_page_shows_status_certificates_services_and_history(
        self, client_for, institution_user, institution, categories
    ):
        certificate(institution, number="L2468", valid_until=in_days(20))
        InstitutionService.objects.create(institution=institution, category=categories[0], service="product_testing")
        page = client_for(institution_user).get(reverse("thirdparty:my_institution")).content.decode()
        assert "已认定" in page and "L2468" in page and "即将到期" in page and "日用口罩" in page

    @pytest.mark.parametrize("language", ["zh-hans", "en"])
    def test_every_own_page_opens_in_both_languages(self, client_for, institution_user, institution, language):
        certificate(institution, number="L1470")
        client = client_for(institution_user)
        for name in ("my_institution", "edit_contacts", "edit_certificates", "edit_services", "register_done"):
            response = client.get(reverse(f"thirdparty:{name}"), {"lang": language})
            assert response.status_code == 200, name
            assert response["Content-Language"] == language
        assert client.get(reverse("thirdparty:register")).status_code == 302  # already has an institution

    def test_the_own_page_costs_a_bounded_number_of_queries(
        self, client_for, institution_user, institution, categories, django_assert_max_num_queries
    ):
        for n in range(8):
            certificate(institution, number=f"L{3000 + n}")
        for category in categories:
            for kind in ("product_testing", "comparison_testing"):
                InstitutionService.objects.create(institution=institution, category=category, service=kind)
        client = client_for(institution_user)
        with django_assert_max_num_queries(12):
            assert client.get(reverse("thirdparty:my_institution")).status_code == 200


class TestUpdates:
    def test_contacts(self, client_for, institution_user, institution):
        response = client_for(institution_user).post(reverse("thirdparty:edit_contacts"), {
            "contact_name": "王五", "contact_phone": "020-1234567", "contact_email": "new@example.cn",
            "website": "https://new.example.cn", "description": "新简介", "status": "accredited", "name": "改名",
        })
        assert response.status_code == 302
        institution.refresh_from_db()
        assert (institution.contact_name, institution.contact_email) == ("王五", "new@example.cn")
        assert institution.name != "改名"

    def test_a_renewed_certificate_is_warned_about_again(self, client_for, institution_user, institution):
        held = certificate(institution, number="L1357", valid_until=in_days(10))
        Certificate.objects.filter(pk=held.pk).update(expiry_notified_at=timezone.now())
        client = client_for(institution_user)
        page = client.get(reverse("thirdparty:edit_certificates")).content.decode()
        assert "L1357" in page
        response = client.post(reverse("thirdparty:edit_certificates"), {
            "certificates-TOTAL_FORMS": "2", "certificates-INITIAL_FORMS": "1",
            "certificates-MIN_NUM_FORMS": "0", "certificates-MAX_NUM_FORMS": "20",
            "certificates-0-certificate_id": str(held.pk), "certificates-0-scope": "续期后范围",
            "certificates-0-valid_until": in_days(800).isoformat(),
            "certificates-0-scan": scan("renewed.pdf"),
            "certificates-1-kind": "cma", "certificates-1-number": "220012345678",
            "certificates-1-valid_until": in_days(300).isoformat(), "certificates-1-scan": scan("cma.pdf"),
        })
        assert response.status_code == 302, response.content.decode()
        held.refresh_from_db()
        assert held.valid_until == in_days(800) and held.expiry_notified_at is None and held.scope == "续期后范围"
        assert institution.certificates.count() == 2

    def test_a_new_certificates_scan_is_held_when_another_row_has_an_error(
            self, client_for, institution_user, institution, media_root):
        held = certificate(institution, number="L1357", valid_until=in_days(10))
        client = client_for(institution_user)
        data = {
            "certificates-TOTAL_FORMS": "2", "certificates-INITIAL_FORMS": "1",
            "certificates-MIN_NUM_FORMS": "0", "certificates-MAX_NUM_FORMS": "20",
            "certificates-0-certificate_id": str(held.pk), "certificates-0-valid_until": in_days(-5).isoformat(),
            "certificates-1-kind": "cma", "certificates-1-number": "220012345678",
            "certificates-1-valid_until": in_days(300).isoformat(),
        }
        response = client.post(reverse("thirdparty:edit_certificates"),
                               {**data, "certificates-1-scan": scan("cma.pdf")})
        assert response.status_code == 200 and "已保留扫描件“cma.pdf”" in response.content.decode()
        tokens = held_tokens(response.content.decode())
        response = client.post(reverse("thirdparty:edit_certificates"),
                               {**data, "certificates-0-valid_until": in_days(800).isoformat(), **tokens})
        assert response.status_code == 302, response.content.decode()
        added = institution.certificates.get(number="220012345678")
        assert added.scan.read().startswith(b"%PDF") and not HeldUpload.objects.exists()

    def test_an_expired_date_is_refused_when_renewing(self, client_for, institution_user, institution):
        held = certificate(institution, number="L1357", valid_until=in_days(10))
        response = client_for(institution_user).post(reverse("thirdparty:edit_certificates"), {
            "certificates-TOTAL_FORMS": "1", "certificates-INITIAL_FORMS": "1",
            "certificates-MIN_NUM_FORMS": "0", "certificates-MAX_NUM_FORMS": "20",
            "certificates-0-certificate_id": str(held.pk), "certificates-0-valid_until": in_days(-5).isoformat(),
        })
        assert response.status_code == 200 and "已过，请登记仍在有效期内的证书" in response.content.decode()
        held.refresh_from_db()
        assert held.valid_until == in_days(10)

    def test_a_testing_lab_cannot_remove_its_last_certificate(self, client_for, institution_user, institution):
        held = certificate(institution, number="L1357")
        response = client_for(institution_user).post(reverse("thirdparty:edit_certificates"), {
            "certificates-TOTAL_FORMS": "1", "certificates-INITIAL_FORMS": "1",
            "certificates-MIN_NUM_FORMS": "0", "certificates-MAX_NUM_FORMS": "20",
            "certificates-0-certificate_id": str(held.pk), "certificates-0-valid_until": held.valid_until.isoformat(),
            "certificates-0-DELETE": "on",
        }, follow=True)
        assert "须至少登记一项" in response.content.decode()
        assert Certificate.objects.filter(pk=held.pk).exists()

    def test_another_institutions_certificate_cannot_be_touched(self, client_for, institution_user, regions):
        other = scene.institution("他人机构")
        theirs = certificate(other, number="L8642")
        response = client_for(institution_user).post(reverse("thirdparty:edit_certificates"), {
            "certificates-TOTAL_FORMS": "1", "certificates-INITIAL_FORMS": "1",
            "certificates-MIN_NUM_FORMS": "0", "certificates-MAX_NUM_FORMS": "20",
            "certificates-0-certificate_id": str(theirs.pk), "certificates-0-valid_until": in_days(900).isoformat(),
            "certificates-0-DELETE": "on",
        })
        assert response.status_code == 200
        assert Certificate.objects.get(pk=theirs.pk).valid_until == theirs.valid_until
        with pytest.raises(services.TransitionRefused):
            services.institution_save_certificates(
                actor=institution_user, institution=other, removals=[theirs.pk]
            )

    def test_services_are_replaced(self, client_for, institution_user, institution, categories):
        InstitutionService.objects.create(institution=institution, category=categories[2], service="product_testing")
        client = client_for(institution_user)
        assert "针织服装" in client.get(reverse("thirdparty:edit_services")).content.decode()
        response = client.post(reverse("thirdparty:edit_services"), {
            "services-TOTAL_FORMS": "2", "services-INITIAL_FORMS": "1",
            "services-MIN_NUM_FORMS": "1", "services-MAX_NUM_FORMS": "100",
            "services-0-category": str(categories[2].pk), "services-0-services": ["product_testing"],
            "services-0-DELETE": "on",
            "services-1-category": str(categories[0].pk), "services-1-services": ["plan_drafting", "product_testing"],
        })
        assert response.status_code == 302, response.content.decode()
        assert set(institution.services.values_list("category__code", "service")) == {
            ("C1781", "plan_drafting"), ("C1781", "product_testing"),
        }

    def test_a_rejected_institution_must_reapply_before_editing(self, client_for, institution_user, institution):
        Institution.objects.filter(pk=institution.pk).update(status="rejected")
        client = client_for(institution_user)
        response = client.get(reverse("thirdparty:edit_contacts"))
        assert response.status_code == 302
        with pytest.raises(services.TransitionRefused) as refused:
            services.institution_update_contacts(
                actor=institution_user, institution=institution, contact_name="x", contact_phone="", contact_email=""
            )
        assert refused.value.code == "read_only"


def held_tokens(html: str) -> dict[str, str]:
    return dict(re.findall(r'name="(certificates-\d-scan_held)" value="([^"]+)"', html))


@pytest.mark.django_db
def test_after_an_error_each_chosen_scan_is_held_and_used_by_the_next_try(client, regions, categories, media_root):
    data = registration_data(categories, contact_email="not-an-address")
    response = client.post(REGISTER, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("data-held-scan") == 2 and "已保留扫描件“cnas.pdf”" in html and "“cma.png”" in html
    assert nothing_stored(media_root) and HeldUpload.objects.count() == 2
    tokens = held_tokens(html)
    assert len(tokens) == 2
    # The visitor mends the address and sends the form again, choosing no file.
    fixed = {k: v for k, v in registration_data(categories).items() if not k.endswith("-scan")}
    response = client.post(REGISTER, {**fixed, **tokens})
    assert response.status_code == 302, response.content.decode()
    scans = {c.number: c.scan.read() for c in Certificate.objects.all()}
    assert scans["L1234"].startswith(b"%PDF") and scans["210012345678"] == png_bytes()
    assert not HeldUpload.objects.exists()  # used, and gone with their files
    assert not held_files(media_root)


@pytest.mark.django_db
def test_a_held_scan_belongs_to_the_session_that_sent_it(client, regions, categories, media_root):
    response = client.post(REGISTER, registration_data(categories, contact_email="not-an-address"))
    tokens = held_tokens(response.content.decode())
    other = Client()
    fixed = {k: v for k, v in registration_data(categories).items() if not k.endswith("-scan")}
    response = other.post(REGISTER, {**fixed, **tokens})
    assert response.status_code == 200 and "请上传证书扫描件" in response.content.decode()
    assert not Institution.objects.exists()


@pytest.mark.django_db
def test_a_scan_that_failed_its_checks_is_not_held(client, regions, categories, media_root):
    data = registration_data(categories, **{"certificates-1-scan": scan("cma.png", b"not an image", "image/png")})
    response = client.post(REGISTER, data)
    html = response.content.decode()
    assert "不是 PDF、JPEG 或 PNG 文件" in html
    assert html.count("data-held-scan") == 1 and set(HeldUpload.objects.values_list("name", flat=True)) == {"cnas.pdf"}


@pytest.mark.django_db
def test_held_scans_left_behind_are_swept_after_an_hour(client, regions, categories, media_root):
    client.post(REGISTER, registration_data(categories, contact_email="not-an-address"))
    assert held_uploads_sweep() == 0
    files = held_files(media_root)
    assert len(files) == 2
    assert held_uploads_sweep(now=timezone.now() + dt.timedelta(minutes=61)) == 2
    assert not HeldUpload.objects.exists() and not any(path.exists() for path in files)
