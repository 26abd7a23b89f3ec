"""`manage.py seed_demo --scale S --seed N [--password P] [--flush]`: write the demo data set."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.builders import DemoDataExists, ReferenceDataMissing, build_demo


class Command(BaseCommand):
    help = "生成演示数据（确定性：同一 --seed 得到同一数据集）。Write the deterministic demo data set."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="规模：1 = 行动实际规模（16,092 家企业…）")
        parser.add_argument("--seed", type=int, default=2021, help="随机种子")
        parser.add_argument("--password", default=None, help="演示账号密码（默认 settings.DEMO_PASSWORD）")
        parser.add_argument("--flush", action="store_true", help="先删除已有的行动数据（保留行政区划与行业分类）")

    def handle(self, *args, scale: float, seed: int, password: str | None, flush: bool, **options):
        if scale <= 0:
            raise CommandError("--scale 必须大于 0")
        verbosity = options.get("verbosity", 1)

        def log(message: str) -> None:
            if verbosity >= 1:
                self.stdout.write(message)

        try:
            rows = build_demo(scale=scale, seed=seed, password=password or settings.DEMO_PASSWORD, flush=flush,
                              log=log)
        except (DemoDataExists, ReferenceDataMissing) as error:
            raise CommandError(str(error)) from error
        if verbosity < 1:
            return
        width = max(_width(label) for label, _ in rows)
        self.stdout.write("")
        for label, value in rows:
            self.stdout.write(f"{label}{' ' * (width - _width(label))}  {value}")


def _width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)
