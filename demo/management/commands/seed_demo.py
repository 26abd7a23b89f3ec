"""`manage.py seed_demo --scale S --seed N [--password P] [--flush] [--force] [--processes K]`: write the demo data set.

In production (DJANGO_ENV=production) it refuses unless ``--force``; a forced run there takes its
password from ``--password`` or DEMO_PASSWORD (never the documented demo password, and one the
password validators accept) and creates no superuser.
"""

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from demo.builders import DemoDataExists, ReferenceDataMissing, build_demo

# The password the README and `make run` print: known to everyone, so never valid in production.
PUBLISHED_DEMO_PASSWORD = "demo-2026"


class Command(BaseCommand):
    help = "生成演示数据（确定性：同一 --seed 得到同一数据集）。Write the deterministic demo data set."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="规模：1 = 行动实际规模（16,092 家企业…）")
        parser.add_argument("--seed", type=int, default=2021, help="随机种子")
        parser.add_argument("--password", default=None, help="演示账号密码（默认 settings.DEMO_PASSWORD）")
        parser.add_argument("--flush", action="store_true", help="先删除已有的行动数据（保留行政区划与行业分类）")
        parser.add_argument("--force", action="store_true", help="在生产环境（DJANGO_ENV=production）中仍然运行")
        parser.add_argument("--processes", type=int, default=None,
                            help="生成对标结果的进程数（默认每个 CPU 核一个，最多 4 个；数据与进程数无关）")

    def handle(self, *args, scale: float, seed: int, password: str | None, flush: bool, force: bool,
               processes: int | None = None, **options):
        if scale <= 0:
            raise CommandError("--scale 必须大于 0")
        if processes is not None and processes < 1:
            raise CommandError("--processes 至少为 1")
        password = password or settings.DEMO_PASSWORD
        if settings.PRODUCTION:
            if flush:
                # The wipe deletes the logins named admin, office, city…: real accounts there.
                raise CommandError("生产环境中不能使用 --flush 删除数据。")
            password = self.production_password(password, force=force)
        elif not password:
            raise CommandError("请用 --password 或环境变量 DEMO_PASSWORD 指定演示账号密码。")
        verbosity = options.get("verbosity", 1)

        def log(message: str) -> None:
            if verbosity >= 1:
                self.stdout.write(message)

        try:
            rows = build_demo(scale=scale, seed=seed, password=password, flush=flush, processes=processes,
                              log=log)
        except (DemoDataExists, ReferenceDataMissing) as error:
            raise CommandError(str(error)) from error
        if verbosity < 1:
            return
        width = max(_width(label) for label, _ in rows)
        self.stdout.write("")
        for label, value in rows:
            self.stdout.write(f"{label}{' ' * (width - _width(label))}  {value}")

    @staticmethod
    def production_password(password: str, *, force: bool) -> str:
        if not force:
            raise CommandError(
                "生产环境（DJANGO_ENV=production）不生成演示数据。确需在此生成，请加 --force，"
                "并用 --password 或 DEMO_PASSWORD 指定一个强密码（不会创建超级用户）。"
            )
        if not password:
            raise CommandError("生产环境中生成演示数据须用 --password 或 DEMO_PASSWORD 指定演示账号密码。")
        if password == PUBLISHED_DEMO_PASSWORD:
            raise CommandError(f"“{PUBLISHED_DEMO_PASSWORD}”是公开的演示密码，生产环境中不能使用。")
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError("演示账号密码不符合要求：" + " ".join(error.messages)) from error
        return password


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)
