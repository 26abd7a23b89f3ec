from django.core.management.base import BaseCommand

from benchmarking.reference.regions import vintage
from benchmarking.services import reference_data_load


class Command(BaseCommand):
    help = "加载参考数据：GB/T 2260 行政区划（python-stdnum 代码表）与 GB/T 4754-2017 国民经济行业分类。"

    def handle(self, *args, **options):
        counts = reference_data_load()
        self.stdout.write(f"行政区划数据版本 region data vintage: {vintage()}")
        self.stdout.write(
            f"行政区划 regions: {counts.provinces} 省级, {counts.prefectures} 地级, {counts.counties} 县级; "
            f"行业 industries: {counts.sections} 门类, {counts.divisions} 大类"
        )
