"""docker-compose.yml's front server: the official nginx image, the only published port, static
files, no /media/, and body limits that are the application's own (core.upload_limits)."""

import math
import re
from pathlib import Path

import yaml
from django.conf import settings
from django.urls import resolve

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def nginx_conf() -> str:
    return (ROOT / "deploy" / "nginx.conf").read_text()


def location_blocks(conf: str) -> dict[str, str]:
    return {m[1].strip(): m[2] for m in re.finditer(r"location\s+([^{]+)\{([^}]*)\}", conf)}


def megabytes(value: str) -> int:
    assert value.endswith("m"), value
    return int(value[:-1])


def test_nginx_from_its_official_image_is_the_only_published_service():
    services = compose()["services"]
    assert re.fullmatch(r"nginx:\d+\.\d+(-alpine)?", services["nginx"]["image"])
    assert [name for name, service in services.items() if service.get("ports")] == ["nginx"]
    assert "deploy/nginx.conf" in " ".join(services["nginx"]["volumes"])


def test_the_server_level_body_limit_is_the_applications_request_limit():
    conf = nginx_conf()
    server_level = re.search(r"\n    client_max_body_size (\w+);", conf)[1]
    assert megabytes(server_level) == math.ceil(settings.UPLOAD_MAX_REQUEST_BYTES / MB) + 1


def test_the_import_uploads_get_the_import_limit_and_nothing_else_does():
    blocks = location_blocks(nginx_conf())
    larger = {where.removeprefix("= "): block for where, block in blocks.items() if "client_max_body_size" in block}
    assert larger, "the import pages need a larger limit than the rest"
    for address, block in larger.items():
        assert resolve(address).func.__module__ in {"results.import_views", "django.contrib.admin.options",
                                                   "django.utils.decorators", "core.imports.admin"}, address
        limit = megabytes(re.search(r"client_max_body_size (\w+);", block)[1])
        assert limit == math.ceil(settings.IMPORT_MAX_BYTES / MB) + 1
    assert set(larger) == {"/admin/core/importjob/add/", "/enterprise/results/imports/"}


def test_static_files_come_from_the_collected_volume_and_media_is_never_served():
    blocks = location_blocks(nginx_conf())
    assert "alias /srv/static/;" in blocks["/static/"]
    assert "return 404;" in blocks["/media/"]
    services = compose()["services"]
    assert "static:/srv/static:ro" in services["nginx"]["volumes"]
    assert "static:/var/lib/campaign/staticfiles" in services["web"]["volumes"]


def test_timeouts_end_slow_clients_and_nginx_answers_before_gunicorn_gives_up():
    conf = nginx_conf()
    for directive in ("client_header_timeout", "client_body_timeout", "send_timeout", "proxy_read_timeout"):
        assert re.search(rf"\n    {directive} \d+s;", conf), directive
    proxy_read = int(re.search(r"proxy_read_timeout (\d+)s;", conf)[1])
    command = compose()["services"]["web"]["command"]
    assert proxy_read < int(command[command.index("--timeout") + 1])


def test_the_web_process_trusts_the_one_proxy_in_front_of_it():
    proxy = (ROOT / "deploy" / "campaign_proxy.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in proxy
    assert "expose" in compose()["services"]["web"] and "ports" not in compose()["services"]["web"]
