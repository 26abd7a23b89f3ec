"""Personas and real-service fixtures shared by every app's tests.

Personas: the campaign office, the city offices of city A (深圳) and city B (广州),
enterprise A (in city A) and enterprise B (in city B), an institution, and the anonymous public.
Beside them, the respirator library and its published plans, the running example of every app's
tests, and a real Celery worker.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from accounts.models import Role
from tests import factories
from tests import public_scene as scene
from tests.import_helpers import import_plan, xlsx_file  # noqa: F401 (the import tests' fixtures)

BASE_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Tests marked postgres/redis are skipped, with the reason shown, only when absent."""
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL (CI does)")
    skip_redis = pytest.mark.skip(reason="needs Redis: set REDIS_URL (CI does)")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)
        if "redis" in item.keywords and not settings.REDIS_URL:
            item.add_marker(skip_redis)


@pytest.fixture
def regions(db):
    """A small GB/T 2260 tree: 广东省 with 深圳市 (南山区) and 广州市 (天河区)."""
    guangdong = factories.region("440000", "广东省", "province", taking_part_since="2021-03-01")
    shenzhen = factories.region(
        "440300", "深圳市", "prefecture", guangdong, taking_part_since="2021-03-01", pilot_since="2021-06-01"
    )
    guangzhou = factories.region(
        "440100", "广州市", "prefecture", guangdong, taking_part_since="2021-03-01", pilot_since="2021-06-01"
    )
    nanshan = factories.region("440305", "南山区", "county", shenzhen)
    tianhe = factories.region("440106", "天河区", "county", guangzhou)
    return {"guangdong": guangdong, "shenzhen": shenzhen, "guangzhou": guangzhou, "nanshan": nanshan, "tianhe": tianhe}


@pytest.fixture
def office(regions):
    return factories.UserFactory(username="office", role=Role.OFFICE, is_staff=True)


@pytest.fixture
def city_office_a(regions):
    return factories.UserFactory(username="city-a", role=Role.CITY, region=regions["shenzhen"], is_staff=True)


@pytest.fixture
def city_office_b(regions):
    return factories.UserFactory(username="city-b", role=Role.CITY, region=regions["guangzhou"], is_staff=True)


@pytest.fixture
def enterprise_a(regions):
    return factories.EnterpriseFactory(name="深圳甲防护用品有限公司", region=regions["nanshan"])


@pytest.fixture
def enterprise_b(regions):
    return factories.EnterpriseFactory(name="广州乙防护用品有限公司", region=regions["tianhe"])


@pytest.fixture
def enterprise_user_a(enterprise_a):
    return factories.UserFactory(username="ent-a", role=Role.ENTERPRISE, enterprise=enterprise_a)


@pytest.fixture
def enterprise_user_b(enterprise_b):
    return factories.UserFactory(username="ent-b", role=Role.ENTERPRISE, enterprise=enterprise_b)


@pytest.fixture
def institution(regions):
    """An accredited testing laboratory in 深圳市."""
    return scene.institution("深圳市计量质量检测研究院（示例）")


@pytest.fixture
def institution_user(institution):
    return factories.UserFactory(username="inst", role=Role.INSTITUTION, institution=institution)


@pytest.fixture
def anonymous_client(client):
    return client


def logged_in_client(user) -> Client:
    """A client of its own logged in as ``user``, beside ``client`` (which ``client_for`` logs in as
    anyone): for tests where several people act side by side."""
    own = Client()
    own.force_login(user)
    return own


@pytest.fixture
def office_client(office):
    """A client of its own logged in as the campaign office."""
    return logged_in_client(office)


@pytest.fixture
def city_a_client(city_office_a):
    """A client of its own logged in as city office A (深圳)."""
    return logged_in_client(city_office_a)


@pytest.fixture
def city_b_client(city_office_b):
    """A client of its own logged in as city office B (广州)."""
    return logged_in_client(city_office_b)


@pytest.fixture
def client_for(client):
    """client_for(user) → the test client logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def eager_celery(settings):
    """Tasks queued during the test run in the test process at once (Celery's eager mode), with a
    cache of the test's own: the e-mail task remembers what it sent by key, and keys repeat across
    tests once their rows are rolled back."""
    from config.celery import app

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"eager-{uuid.uuid4().hex}"}}
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


# --- The respirator library and its published plans --------------------------------------------

@pytest.fixture
def library(regions):
    """The respirator library (``tests.factories.respirator_library``): ``gb`` (GB 2626-2019, with its
    KN95 filtration limit), ``en`` (EN 149), the indicators ``filtration``, ``inhalation`` and ``flame``,
    and the ``category`` 日常防护型口罩 their plans are for."""
    return factories.respirator_library()


@pytest.fixture
def respirator_plan(library):
    """The published industry plan of the library (``tests.public_scene.respirator_plan``): GB 2626-2019
    the reference, EN 149 the benchmark, on filtration and inhalation resistance at 85 and 95 L/min."""
    return scene.respirator_plan(library)


@pytest.fixture
def respirator_plan_with_flame(library):
    """``respirator_plan`` with EN 149's pass/fail flammability test as a third indicator."""
    return scene.respirator_plan(library, flame=True)


# --- A real Celery worker process ---------------------------------------------------------------

def _test_database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def start_celery_worker(queue: str, node: str, log_path: Path, **env_extra) -> subprocess.Popen:
    """A ``celery worker`` OS process consuming ``queue`` of the real broker against the test database,
    returned once it says it is ready; its output goes to ``log_path``, ``env_extra`` to its environment."""
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "DJANGO_TESTING": "1",
        "CELERY_QUEUE": queue,
        "PYTHONUNBUFFERED": "1",
        **{key: str(value) for key, value in env_extra.items()},
    }
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
             "-Q", queue, "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{node}@%h"],
            cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while "ready" not in log_path.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"celery worker did not start:\n{log_path.read_text(errors='replace')}")
        time.sleep(0.2)
    return process


def stop_celery_worker(process: subprocess.Popen) -> None:
    """Ask the worker to stop (a warm shutdown) and kill it if it has not within 20 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path):
    """Start ``celery worker`` as its own OS process on the real broker and the test database.

    The queue name is unique per test so that nothing else's messages reach this worker.
    Yields a handle with the queue name and the process; stops the worker afterwards.
    """
    from config.celery import app as celery_app

    queue = f"test-{uuid.uuid4().hex[:12]}"
    log_path = tmp_path / "worker.log"
    process = start_celery_worker(queue, queue, log_path)
    previous_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue

    class Worker:
        pass

    worker = Worker()
    worker.queue, worker.process, worker.log_path = queue, process, log_path
    try:
        yield worker
    finally:
        celery_app.conf.task_default_queue = previous_queue
        stop_celery_worker(process)


@pytest.fixture(autouse=True)
def fresh_public_cache():
    """Each test starts with no cached public answer (publication only bumps the generation on
    commit, which the test transaction never reaches; and the cache outlives a test)."""
    from core.public_cache import renew_now

    renew_now()
