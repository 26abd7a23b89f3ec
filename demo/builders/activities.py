"""Mobilisation meetings, online trainings (with attendances), publicity articles, lectures."""

from __future__ import annotations

import datetime as dt

from benchmarking.models import Activity, ActivityKind

from .context import SeedContext, day_between
from .geo import CampaignMap

TRAINING_TOPICS = ("对标技术方案编制要点", "企业标准自我声明公开与对标", "国际标准与国外先进标准比对方法",
                   "检测报告与实测值填报", "对标达标工作平台操作指南", "标准“领跑者”评价要求解读")
LECTURE_TOPICS = ("以标准提升引领质量提升", "国际标准化组织工作机制与提案", "防疫物资国内外标准比对分析",
                  "智能家电国际标准动态", "团体标准与企业标准的协同发展")
ARTICLE_FORMS = ("{city}{n}家企业产品对标达到国际先进水平", "对标达标｜{city}召开企业对标工作座谈会",
                 "{province}发布第{k}批对标达标典型案例", "百城千业万企对标达标提升专项行动进展综述（{year}年）",
                 "{city}：以对标达标推动产业质量提升", "{province}市场监管局部署推进对标达标提升专项行动")


def build_activities(ctx: SeedContext, campaign: CampaignMap) -> None:
    rng = ctx.fork("activities")
    rows = []
    provinces = sorted(campaign.provinces.items())

    def province() -> tuple[str, str]:
        code, (name, _since) = rng.choice(provinces)
        return code, name

    for i in range(ctx.n("meetings")):
        if i == 0 or rng.random() < 0.4:
            code, name = province()
            title = f"{name}对标达标提升专项行动动员部署会"
        else:
            city = rng.choice(campaign.cities)
            code, title = city.code, f"{city.name}百城千业万企对标达标提升专项行动推进会"
        rows.append(Activity(kind=ActivityKind.MEETING, title_zh=title, region_id=code,
                             held_on=day_between(rng, dt.date(2021, 3, 1), dt.date(2023, 11, 30)),
                             attendances=rng.randint(60, 400), summary="部署对标达标提升专项行动重点任务。"))
    total_attendances, n_trainings = ctx.n("training_attendances"), ctx.n("trainings")
    weights = [rng.uniform(0.5, 1.5) for _ in range(n_trainings)]
    shares = [max(1, int(total_attendances * w / sum(weights))) for w in weights]
    shares[0] += total_attendances - sum(shares)  # exact total, whatever the rounding
    for i, attendances in enumerate(shares):
        rows.append(Activity(
            kind=ActivityKind.TRAINING,
            title_zh=f"对标达标线上培训（第{i + 1}期）：{TRAINING_TOPICS[i % len(TRAINING_TOPICS)]}",
            held_on=day_between(rng, dt.date(2021, 4, 1), dt.date(2023, 12, 15)), attendances=max(1, attendances),
            summary="面向企业和第三方机构的线上培训。",
        ))
    for i in range(ctx.n("articles")):
        city = rng.choice(campaign.cities)
        held_on = day_between(rng, max(city.since, dt.date(2021, 3, 15)), dt.date(2023, 12, 28))
        title = ARTICLE_FORMS[i % len(ARTICLE_FORMS)].format(
            city=city.name, province=city.province_name, n=rng.randint(5, 120), k=rng.randint(1, 5),
            year=held_on.year,
        )
        rows.append(Activity(kind=ActivityKind.ARTICLE, title_zh=title, region_id=city.code, held_on=held_on,
                             attendances=0))
    for i in range(ctx.n("lectures")):
        rows.append(Activity(kind=ActivityKind.LECTURE, title_zh=f"专题讲座：{LECTURE_TOPICS[i % len(LECTURE_TOPICS)]}",
                             held_on=day_between(rng, dt.date(2021, 5, 1), dt.date(2023, 11, 30)),
                             attendances=rng.randint(50, 300)))
    ctx.writer.write(Activity, rows)
