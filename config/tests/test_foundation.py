"""The ground every issue builds on: settings, the worker, health, errors, auth."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Role
from config.celery import app as celery_app
from core.models import Heartbeat
from core.services import heartbeat_enqueue
from tests import factories
from tests.helpers import wait_for

BASE_DIR = Path(settings.BASE_DIR)


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if key not in {
        "DATABASE_URL", "REDIS_URL", "DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE",
    }}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env={**clean, **env},
        capture_output=True, text=True, timeout=120,
    )


class TestSettings:
    def test_without_environment_runs_on_sqlite_and_a_local_transport(self):
        result = run_manage(
            "shell", "--no-imports", "-c",
            "from django.conf import settings as s; "
            "print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, s.DEBUG)",
            env={},
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == ["django.db.backends.sqlite3", "filesystem://", "False"]

    def test_database_and_redis_urls_switch_to_postgresql_and_redis(self):
        result = run_manage(
            "shell", "--no-imports", "-c",
            "from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, "
            "s.CACHES['default']['BACKEND'], s.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'])",
            env={"DATABASE_URL": "postgres://u:p@db:5432/campaign", "REDIS_URL": "redis://cache:6379/0"},
        )
        assert result.returncode == 0, result.stderr
        engine, broker, cache, visibility = result.stdout.split()
        assert engine == "django.db.backends.postgresql"
        assert broker == "redis://cache:6379/0"
        assert cache == "django.core.cache.backends.redis.RedisCache"
        # Longer than the hard time limit, or a slow task would be redelivered while running.
        assert int(visibility) > settings.CELERY_TASK_TIME_LIMIT

    def test_production_passes_the_deployment_check(self):
        result = run_manage(
            "check", "--deploy", "--fail-level", "WARNING",
            env={
                "DJANGO_ENV": "production",
                "SECRET_KEY": "k3Yq8v9XzT1mWcR4nLp7sB2hF6gJ0dQe5uA8iO3yZxVbNm1K2j4H",
                "ALLOWED_HOSTS": "duibiao.example.cn",
                "DATABASE_URL": "postgres://u:p@db:5432/campaign",
                "REDIS_URL": "redis://cache:6379/0",
            },
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "no issues" in result.stdout

    @pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "REDIS_URL"])
    def test_production_refuses_to_start_without_its_secrets(self, missing):
        env = {
            "DJANGO_ENV": "production",
            "SECRET_KEY": "k3Yq8v9XzT1mWcR4nLp7sB2hF6gJ0dQe5uA8iO3yZxVbNm1K2j4H",
            "ALLOWED_HOSTS": "duibiao.example.cn",
            "DATABASE_URL": "postgres://u:p@db:5432/campaign",
            "REDIS_URL": "redis://cache:6379/0",
        }
        del env[missing]
        result = run_manage("check", env=env)
        assert result.returncode != 0
        assert missing in result.stderr

    def test_celery_is_configured_for_safe_redelivery(self):
        conf = celery_app.conf
        assert conf.task_acks_late is True
        assert conf.task_reject_on_worker_lost is True
        assert conf.worker_prefetch_multiplier == 1
        assert conf.accept_content == ["json"] and conf.task_serializer == "json"
        assert conf.task_time_limit and conf.task_soft_time_limit < conf.task_time_limit


@pytest.mark.worker
def test_a_real_worker_processes_a_task_queued_on_commit(celery_worker_process):
    with transaction.atomic():
        token = heartbeat_enqueue(source="test")
        # Queued on commit: nothing reaches the broker while the transaction is open.
        assert not Heartbeat.objects.filter(token=token).exists()
    heartbeat = wait_for(lambda: Heartbeat.objects.filter(token=token).first(), timeout=60)
    assert heartbeat.source == "test"


@pytest.mark.worker
def test_a_rolled_back_transaction_queues_nothing(celery_worker_process):
    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        token = heartbeat_enqueue(source="rolled-back")
        raise Abort
    with transaction.atomic():
        control = heartbeat_enqueue(source="control")
    wait_for(lambda: Heartbeat.objects.filter(token=control).exists(), timeout=60)
    assert not Heartbeat.objects.filter(token=token).exists()


def test_the_heartbeat_task_is_idempotent(db):
    from core.tasks import record_heartbeat

    record_heartbeat.run(source="x", token="same")
    record_heartbeat.run(source="x", token="same")
    assert Heartbeat.objects.filter(token="same").count() == 1


def test_healthz_checks_database_and_broker(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


def test_healthz_reports_a_broken_broker_as_503(client, db, monkeypatch):
    from config import views

    def broken():
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(views, "_check_broker", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "error: ConnectionRefusedError"


class TestErrorsAreChinesePages:
    def test_unknown_url(self, client, db):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        body = response.content.decode()
        assert "页面不存在" in body and "Traceback" not in body
        assert '<html lang="zh-CN">' in body

    def test_bad_login_form(self, client, db):
        response = client.post(reverse("accounts:login"), {"username": "nobody", "password": ""})
        assert response.status_code == 200
        assert "该字段是必填项" in response.content.decode()

    def test_wrong_password(self, client, office):
        response = client.post(reverse("accounts:login"), {"username": "office", "password": "wrong"})
        assert response.status_code == 200
        assert "请输入一个正确的" in response.content.decode()

    def test_wrong_method_on_health(self, client, db):
        assert client.post("/healthz").status_code == 405


class TestUsersAndRoles:
    def test_login_and_logout(self, client, office):
        response = client.post(reverse("accounts:login"), {"username": "office", "password": "correct-horse-battery"})
        assert response.status_code == 302
        assert client.get(reverse("home")).context["user"] == office
        client.post(reverse("accounts:logout"))
        assert not client.get(reverse("home")).context["user"].is_authenticated

    def test_password_reset_by_email(self, client, enterprise_user_a):
        response = client.post(reverse("accounts:password_reset"), {"email": enterprise_user_a.email})
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == [enterprise_user_a.email]
        link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
        path = link.split("testserver", 1)[1]
        response = client.get(path, follow=True)
        form_path = response.redirect_chain[-1][0]
        response = client.post(form_path, {"new_password1": "Zx9-new-passw0rd", "new_password2": "Zx9-new-passw0rd"})
        assert response.status_code == 302
        enterprise_user_a.refresh_from_db()
        assert enterprise_user_a.check_password("Zx9-new-passw0rd")

    @pytest.mark.parametrize(
        ("role", "binding"),
        [(Role.CITY, {}), (Role.ENTERPRISE, {}), (Role.INSTITUTION, {}), (Role.OFFICE, {"region": "440300"})],
    )
    def test_a_role_is_bound_to_exactly_what_it_acts_for(self, regions, role, binding):
        kwargs = dict.fromkeys(binding, regions["shenzhen"])
        with pytest.raises(IntegrityError), transaction.atomic():
            factories.UserFactory(username=f"bad-{role}", role=role, **kwargs)

    def test_navigation_depends_on_the_role(self, client_for, office, enterprise_user_a):
        admin_url = reverse("admin:index")
        page = client_for(office).get(reverse("home")).content.decode()
        assert admin_url in page
        page = client_for(enterprise_user_a).get(reverse("home")).content.decode()
        assert admin_url not in page


def test_language_switch_to_english_and_back(client, db):
    response = client.get(reverse("switch_language"), {"language": "en", "next": "/"}, follow=True)
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Benchmarking" in body
    assert "csrfmiddlewaretoken" not in body  # an anonymous page is the same for everyone: cacheable
    response = client.get(reverse("switch_language"), {"language": "zh-hans", "next": "/"}, follow=True)
    assert "对标达标工作平台" in response.content.decode()


def test_language_switch_never_redirects_off_site(client, db):
    response = client.get(reverse("switch_language"), {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"
    response = client.get(reverse("switch_language"), {"language": "xx", "next": "/results/"})
    assert response["Location"] == "/results/" and "django_language" not in response.cookies


def test_chinese_is_served_whatever_the_browser_asks(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="zh-CN">' in response.content.decode()


def test_no_asset_comes_from_another_origin(client, db):
    body = client.get("/").content.decode()
    assert "http://" not in body.replace("http://testserver", "") and "https://" not in body
    assert client.get("/static/vendor/bootstrap-5.3.9/bootstrap.min.css").status_code == 200


def test_the_embedded_default_shares_one_cache_between_web_and_worker(tmp_path):
    """Without Redis, web server and worker are two processes: a value one process caches is read
    by the other (a local-memory cache would keep the old home-page count for 15 minutes)."""
    shared = {"VAR_DIR": str(tmp_path), "DJANGO_TESTING": "0"}
    code = "from django.core.cache import cache; cache.set('public:generation:results', 41, None); print('set')"
    wrote = run_manage("shell", "--no-imports", "-c", code, env=shared)
    assert wrote.returncode == 0, wrote.stderr
    read = run_manage("shell", "--no-imports", "-c",
                      "from django.core.cache import cache; from django.conf import settings as s; "
                      "print(s.CACHES['default']['BACKEND'], cache.get('public:generation:results'))", env=shared)
    assert read.stdout.split()[-2:] == ["django.core.cache.backends.filebased.FileBasedCache", "41"], read.stderr
