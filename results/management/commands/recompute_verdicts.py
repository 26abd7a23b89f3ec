from django.core.management.base import BaseCommand

from results.services.verdicts import results_recompute_verdicts
from verdict import Level, label_of


class Command(BaseCommand):
    help = ("按现行比对规则重新计算全部结果的对标结论，并报告变化（加 --apply 才写入）。"
            "Recompute every result's verdict under the current rules and report what changes "
            "(written only with --apply).")

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="write the recomputed verdicts")

    def handle(self, *args, apply: bool, **options):
        changes = results_recompute_verdicts(actor=None, apply=apply)
        self.stdout.write(f"结果 results examined: {changes.examined}; "
                          f"结论改写 levels rewritten: {changes.levels_rewritten}; "
                          f"已发布结果等级变化 published levels changed: {changes.published_levels_changed}")
        for (status, before, after), count in sorted(changes.levels.items(), key=lambda item: -item[1]):
            self.stdout.write(f"  {status:<10} {label_of(Level, before) or before or '—'} → "
                              f"{label_of(Level, after)}: {count}")
        if not apply:
            self.stdout.write("未写入 nothing written (dry run); 加 --apply 写入 add --apply to write.")
