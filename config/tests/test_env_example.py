""".env.example documents every setting and holds no secret anyone could use: copied as it is, a
production start refuses it."""

from pathlib import Path

from django.conf import settings

from config.tests.test_foundation import run_manage

EXAMPLE = Path(settings.BASE_DIR) / ".env.example"


def example_values() -> dict[str, str]:
    values = {}
    for line in EXAMPLE.read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            name, _eq, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def test_the_example_leaves_every_secret_empty():
    values = example_values()
    for name in ("SECRET_KEY", "POSTGRES_PASSWORD", "DEMO_PASSWORD"):
        assert values[name] == "", name
    assert "demo-2026" not in EXAMPLE.read_text()


def test_production_refuses_to_start_on_the_example_as_it_is():
    values = example_values() | {"REDIS_URL": "redis://cache:6379/0", "DATABASE_URL": "postgres://u:p@db/campaign"}
    values.pop("VAR_DIR", None)
    values.pop("MEDIA_ROOT", None)
    result = run_manage("check", env=values)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_proxy_count_is_documented():
    # docker-compose.yml puts nginx, one proxy, in front of the web process.
    assert example_values()["TRUSTED_PROXY_COUNT"] == "1"
