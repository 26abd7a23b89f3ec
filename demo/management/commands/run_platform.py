"""`make run`: prepare the database and serve the demo with a real worker and beat.

The demo runs as users see it: DEBUG off (``DEBUG=1`` for a developer's debug pages), a secret
key generated once under ``var/`` (config/settings.py). Idempotent: migrations and reference
data are applied only where missing, and the demo is seeded only into an empty database, so a
second start is fast and keeps the data.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from companies.models import Enterprise


class Command(BaseCommand):
    help = "迁移数据库、加载参考数据、生成演示数据，并启动网站、Celery worker 与 beat。"

    def add_arguments(self, parser):
        parser.add_argument("--addr", default="127.0.0.1:8000")
        parser.add_argument("--scale", type=float, default=0.05, help="演示数据规模（首次启动时）")
        parser.add_argument("--no-serve", action="store_true", help="只准备数据，不启动进程")

    def handle(self, *args, addr: str, scale: float, no_serve: bool, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_reference", verbosity=1)
        if not Enterprise.objects.exists():
            self.stdout.write(f"首次启动：生成演示数据（规模 {scale}）…")
            call_command("seed_demo", scale=scale, seed=2021, verbosity=1)
        if no_serve:
            return
        self.serve(addr)

    def serve(self, addr: str) -> None:
        processes = {
            name: subprocess.Popen(command, cwd=settings.BASE_DIR, start_new_session=True)
            for name, command in process_commands(addr).items()
        }
        self.stdout.write(self.style.SUCCESS(f"\n对标达标工作平台 / Benchmarking campaign platform: http://{addr}/"))
        if settings.DEBUG:
            self.stdout.write(self.style.WARNING("DEBUG 已开启，错误页显示调试信息 / DEBUG is on: debug error pages."))
        self.stdout.write(f"管理后台 / Admin: http://{addr}/admin/")
        self.stdout.write(f"演示账号 / Demo logins (密码 password: {settings.DEMO_PASSWORD}):")
        for username, role in (
            ("office", "百千万行动办公室 campaign office"),
            ("city", "试点城市办公室 city office"),
            ("enterprise", "企业 enterprise"),
            ("institution", "第三方机构 institution"),
        ):
            self.stdout.write(f"  {username:<12} {role}")
        self.stdout.write("按 Ctrl-C 停止 / Ctrl-C stops everything.\n")

        def stop(*_args):
            # SIGTERM to each main process only: Celery then stops its own pool cleanly (a
            # warm shutdown); whatever is still alive at the deadline is killed with its group.
            for process in processes.values():
                if process.poll() is None:
                    process.terminate()
            deadline = time.monotonic() + 15
            for process in processes.values():
                try:
                    process.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
            raise SystemExit(0)

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while True:
            for name, process in processes.items():
                if process.poll() is not None:
                    self.stderr.write(f"{name} 进程已退出（代码 {process.returncode}），正在停止其余进程。")
                    stop()
            time.sleep(1)


def process_commands(addr: str) -> dict[str, list[str]]:
    """The processes `make run` starts. The web process is Django's development server with the
    project's settings: DEBUG stays off unless DEBUG=1 is in the environment, so the demo shows
    the Chinese error pages users get, and WhiteNoise serves the static files from the finders."""
    python = sys.executable
    celery = [python, "-m", "celery", "-A", "config"]
    return {
        "worker": [*celery, "worker", "--loglevel=INFO", "--concurrency=2"],
        "beat": [*celery, "beat", "--loglevel=INFO", "-s", settings.CELERY_BEAT_SCHEDULE_FILENAME],
        "web": [python, "manage.py", "runserver", addr, "--noreload"],
    }
