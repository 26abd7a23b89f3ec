"""How the demo spreads its enterprises over the provinces: in proportion to each province's
resident population in the 2020 census.

Source: 国家统计局《第七次全国人口普查公报（第三号）——地区人口情况》, 2021-05-11
(National Bureau of Statistics, Communiqué of the Seventh National Population Census No. 3,
population by region), resident population at 2020-11-01 00:00, persons. Mainland provinces only.

Why population and not, say, the number of industrial enterprises: it is a complete, official
table for every province that is easy to check, and it puts 广东, 山东, 河南, 江苏 at the top and
西藏, 青海, 宁夏 at the bottom, as any count of enterprises would. It is the shape of the demo,
not a claim about the campaign.
"""

from __future__ import annotations

RESIDENT_POPULATION_2020: dict[str, int] = {
    "110000": 21_893_095,  # 北京市
    "120000": 13_866_009,  # 天津市
    "130000": 74_610_235,  # 河北省
    "140000": 34_915_616,  # 山西省
    "150000": 24_049_155,  # 内蒙古自治区
    "210000": 42_591_407,  # 辽宁省
    "220000": 24_073_453,  # 吉林省
    "230000": 31_850_088,  # 黑龙江省
    "310000": 24_870_895,  # 上海市
    "320000": 84_748_016,  # 江苏省
    "330000": 64_567_588,  # 浙江省
    "340000": 61_027_171,  # 安徽省
    "350000": 41_540_086,  # 福建省
    "360000": 45_188_635,  # 江西省
    "370000": 101_527_453,  # 山东省
    "410000": 99_365_519,  # 河南省
    "420000": 57_752_557,  # 湖北省
    "430000": 66_444_864,  # 湖南省
    "440000": 126_012_510,  # 广东省
    "450000": 50_126_804,  # 广西壮族自治区
    "460000": 10_081_232,  # 海南省
    "500000": 32_054_159,  # 重庆市
    "510000": 83_674_866,  # 四川省
    "520000": 38_562_148,  # 贵州省
    "530000": 47_209_277,  # 云南省
    "540000": 3_648_100,  # 西藏自治区
    "610000": 39_528_999,  # 陕西省
    "620000": 25_019_831,  # 甘肃省
    "630000": 5_923_957,  # 青海省
    "640000": 7_202_654,  # 宁夏回族自治区
    "650000": 25_852_345,  # 新疆维吾尔自治区
}
# The communiqué's total for the 31 provinces (excluding servicemen and persons of unknown residence).
MAINLAND_TOTAL_2020 = 1_409_778_724
