"""The daily certificate watch: accreditations whose certificates all ran out expire through the
workflow; each certificate's holder is warned 30 days ahead, once; running it again (a
redelivered task) writes and sends nothing twice. Proven in-process and with a real worker."""

import os
import uuid

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import timezone

from core.tasks import record_heartbeat
from tests import public_scene as scene
from tests.helpers import wait_for
from thirdparty import services
from thirdparty.models import AccreditationStatus, Certificate, Institution, InstitutionEvent
from thirdparty.tasks import watch_certificates

from .helpers import certificate, in_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def lapsed(regions):
    """Accredited, and both its certificates ran out."""
    institution = scene.institution("证书过期检测所", contact_email="lapsed@example.cn")
    certificate(institution, number="L1001", valid_until=in_days(-1))
    certificate(institution, kind="cma", number="110012345678", valid_until=in_days(-30))
    return institution


@pytest.fixture
def renewing(regions):
    """Accredited; one certificate runs out in 30 days, one in 31, one in two years."""
    institution = scene.institution("证书将到期检测所", contact_email="renew@example.cn")
    due = certificate(institution, number="L2001", valid_until=in_days(30))
    later = certificate(institution, number="L2002", valid_until=in_days(31))
    far = certificate(institution, kind="cma", number="120012345678", valid_until=in_days(730))
    return institution, due, later, far


def expiry_events(institution) -> list:
    return list(InstitutionEvent.objects.filter(institution=institution, to_status="expired").values_list(
        "from_status", "actor_id", "actor_name", "reason"
    ))


class TestWatchService:
    def test_accreditations_whose_every_certificate_ran_out_expire(self, lapsed):
        report = services.institutions_watch_certificates()
        lapsed.refresh_from_db()
        assert lapsed.status == AccreditationStatus.EXPIRED
        assert expiry_events(lapsed) == [("accredited", None, "", "证书已过有效期")]
        assert report.expired == [lapsed.pk]

    def test_one_valid_certificate_keeps_the_accreditation(self, lapsed):
        certificate(lapsed, number="L1002", valid_until=timezone.localdate())  # valid through today
        services.institutions_watch_certificates()
        assert Institution.objects.get(pk=lapsed.pk).status == AccreditationStatus.ACCREDITED

    def test_an_institution_without_certificates_is_left_alone(self, regions):
        association = scene.institution("标准化协会", kind="association")
        services.institutions_watch_certificates()
        assert Institution.objects.get(pk=association.pk).status == AccreditationStatus.ACCREDITED

    def test_only_accredited_institutions_expire(self, lapsed):
        Institution.objects.filter(pk=lapsed.pk).update(status=AccreditationStatus.APPLIED)
        services.institutions_watch_certificates()
        assert Institution.objects.get(pk=lapsed.pk).status == AccreditationStatus.APPLIED
        assert expiry_events(lapsed) == []

    def test_holders_are_warned_thirty_days_ahead_once_per_certificate(
        self, renewing, django_capture_on_commit_callbacks, eager_celery
    ):
        _, due, later, far = renewing
        with django_capture_on_commit_callbacks(execute=True):
            report = services.institutions_watch_certificates()
        assert report.warned == [due.pk]
        due.refresh_from_db(), later.refresh_from_db(), far.refresh_from_db()
        assert due.expiry_notified_at is not None and later.expiry_notified_at is None
        assert far.expiry_notified_at is None
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["renew@example.cn"]
        assert "L2001" in message.subject and "还有 30 天" in message.body

        # The next day the second certificate is due; the first is not warned about again.
        with django_capture_on_commit_callbacks(execute=True):
            report = services.institutions_watch_certificates(today=in_days(1))
        assert report.warned == [later.pk]
        assert len(mail.outbox) == 2 and "L2002" in mail.outbox[1].subject

    def test_running_twice_writes_and_sends_nothing_twice(
        self, lapsed, renewing, django_capture_on_commit_callbacks, eager_celery
    ):
        _, due, *_ = renewing
        with django_capture_on_commit_callbacks(execute=True):
            services.institutions_watch_certificates()
        sent, notified_at = len(mail.outbox), Certificate.objects.get(pk=due.pk).expiry_notified_at
        assert sent == 2  # the expiry notice and the 30-day warning
        assert "机构认定已过期" in {m.subject.split("：")[0] for m in mail.outbox}
        with django_capture_on_commit_callbacks(execute=True):
            report = services.institutions_watch_certificates()
        assert report.as_dict() == {"expired": [], "warned": []}
        assert len(mail.outbox) == sent
        assert Certificate.objects.get(pk=due.pk).expiry_notified_at == notified_at
        assert len(expiry_events(lapsed)) == 1

    def test_rejected_or_expired_institutions_are_not_warned(self, renewing):
        institution, *_ = renewing
        Institution.objects.filter(pk=institution.pk).update(status=AccreditationStatus.REJECTED)
        assert services.institutions_watch_certificates().warned == []

    def test_the_office_may_expire_by_hand_nobody_else(self, lapsed, office, city_office_a):
        with pytest.raises(services.TransitionRefused):
            services.institution_expire(actor=city_office_a, institution=lapsed, reason="x")
        services.institution_expire(actor=office, institution=lapsed, reason="资质被撤销")
        assert Institution.objects.get(pk=lapsed.pk).status == AccreditationStatus.EXPIRED


def test_the_beat_runs_the_watch_daily_at_half_past_two_beijing_time():
    entries = settings.CELERY_BEAT_SCHEDULE.values()
    entry = next(e for e in entries if e["task"] == "thirdparty.tasks.watch_certificates")
    assert entry["schedule"] == crontab(hour=2, minute=30)
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"


def test_the_task_takes_an_iso_date(lapsed):
    assert watch_certificates.run(today=in_days(0).isoformat()) == {"expired": [lapsed.pk], "warned": []}
    assert watch_certificates.run() == {"expired": [], "warned": []}


# --- with a real worker process ----------------------------------------------------------------------

@pytest.fixture
def mail_folder(tmp_path, monkeypatch):
    """The worker's e-mail goes to files here (set before the worker starts). Its cache gets a
    prefix of its own: the e-mail task remembers sent keys there, and with Redis those would
    outlive the run while the next run's ids start again at 1."""
    folder = tmp_path / "worker-mail"
    folder.mkdir()
    monkeypatch.setenv("EMAIL_URL", f"filemail:///{folder}")
    monkeypatch.setenv("CACHE_KEY_PREFIX", f"test-{uuid.uuid4().hex}")
    return folder


@pytest.fixture
def worker(mail_folder, request):
    return request.getfixturevalue("celery_worker_process")


def sent_mail(folder) -> list[str]:
    return sorted(p.read_text(errors="replace") for p in folder.iterdir() if p.is_file())


def run_on_the_worker(**kwargs) -> str:
    """Queue the watch on commit, then a heartbeat behind it: a solo worker takes its queue in
    order, so once the heartbeat is recorded the watch has finished."""
    token = uuid.uuid4().hex
    with transaction.atomic():
        transaction.on_commit(lambda: watch_certificates.delay(**kwargs))
        transaction.on_commit(lambda: record_heartbeat.delay(source="after-watch", token=token))
    return token


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_watch_and_a_redelivery_changes_nothing(worker, mail_folder, lapsed, renewing):
    from core.models import Heartbeat

    _, due, later, _ = renewing
    assert os.environ["EMAIL_URL"].startswith("filemail:")
    first = run_on_the_worker()
    wait_for(lambda: Heartbeat.objects.filter(token=first).exists(), timeout=90)
    lapsed.refresh_from_db()
    assert lapsed.status == AccreditationStatus.EXPIRED
    assert expiry_events(lapsed) == [("accredited", None, "", "证书已过有效期")]
    notified_at = Certificate.objects.get(pk=due.pk).expiry_notified_at
    assert notified_at is not None and Certificate.objects.get(pk=later.pk).expiry_notified_at is None
    # The two e-mails are sent by the worker too, as tasks of their own.
    messages = wait_for(lambda: (found := sent_mail(mail_folder)) and len(found) >= 2 and found, timeout=60)
    assert len(messages) == 2
    assert any("lapsed@example.cn" in m for m in messages) and any("renew@example.cn" in m for m in messages)

    # Delivered again (a redelivery, or beat firing twice): nothing more is written or sent.
    second = run_on_the_worker()
    wait_for(lambda: Heartbeat.objects.filter(token=second).exists(), timeout=90)
    assert len(expiry_events(lapsed)) == 1
    assert Certificate.objects.get(pk=due.pk).expiry_notified_at == notified_at
    assert InstitutionEvent.objects.filter(institution=lapsed).count() == 1
    third = run_on_the_worker()  # and once more, so any mail the second run queued had its turn
    wait_for(lambda: Heartbeat.objects.filter(token=third).exists(), timeout=90)
    assert len(sent_mail(mail_folder)) == 2
