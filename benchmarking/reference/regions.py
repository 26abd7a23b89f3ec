"""China's administrative divisions (GB/T 2260 codes) as the campaign uses them.

Source
------
``stdnum/cn/loc.dat`` shipped with python-stdnum (pinned at 2.2 in requirements.txt), the
table ``stdnum.cn.ric`` uses to decode the birth place in resident identity numbers. Its
header says it was generated from the zh.wikipedia pages "中华人民共和国行政区划代码 (1区)…(8区)",
which list every six-digit code that has ever been used since 1980 with the years it was in
use: ``[1983-]`` (in use since 1983), ``[-2010]`` (until 2010), ``[1983-2019]`` (both), or no
bracket at all (no dates recorded). One code can carry several names separated by commas.
The file itself carries no date; the newest change it records is from 2025 (Chongqing's
两江新区 500157, replacing 江北区 500105 and 渝北区 500112, announced in November 2025), so it
reflects the divisions as of late 2025.

What counts as current
----------------------
A name is current when its years are open-ended (``[1997-]``) or it has no years at all.
Undated entries are usually still in use, but three of them are stale leftovers that the
dated data contradicts; they are dropped (see ``_STALE_UNDATED``). The source also lacks
two districts of Hangzhou created in 2021, which are added (see ``_ADDITIONS``). Both
corrections only apply while the source still has the defect, so a fixed python-stdnum
takes over by itself. The four districts of 大兴安岭地区 (232761–232764) are spelt in
traditional characters in the source and are converted to simplified ones.

Levels and parents
------------------
Codes ending 0000 are provincial-level, other codes ending 00 prefecture-level, the rest
county-level. GB/T 2260 uses pseudo prefecture codes for groupings that are not units:
``市辖区`` / ``县`` under the municipalities (110100, 500200, …) and ``省直辖县级行政区划`` /
``自治区直辖县级行政区划`` (429000, 469000, 659000, 419000; spelt ``…行政单位`` in the source).
They are not emitted: the counties under them hang directly off the province, so 朝阳区
110105 has parent 110000 and 仙桃市 429004 has parent 420000. The municipality itself is the
campaign's city for its districts (see :func:`campaign_city_code`). The per-city pseudo
county ``市辖区`` (xxxx01) is not emitted either.

What is emitted
---------------
34 provincial-level units — 23 provinces, 5 autonomous regions, 4 municipalities, and the
Hong Kong (810000) and Macao (820000) SARs, plus 台湾省 (710000), all of which the source
has; Hong Kong, Macao and Taiwan have no children in it. 333 prefecture-level units (293
cities, 7 地区, 30 自治州, 3 盟 — the official count); with the 4 municipalities that makes
337 campaign cities. 2849 county-level units: 980 区, 397 县级市, 1301 县, 117 自治县, 49 旗,
3 自治旗, 1 特区, 1 林区. Less the four 大兴安岭 districts (232761 加格达奇区, 232762 松岭区,
232763 新林区, 232764 呼中区), which have GB/T 2260 codes but are left out of the official
statistics, that is 2845: the Ministry of Civil Affairs' 2844 for the end of 2023 (977 区,
1299 县, …), plus 和康县 and 和安县 (Xinjiang, 2024), less one district for the 2025 merger.
Prefecture-level cities without counties (东莞, 中山, 儋州, 嘉峪关) have no children.

English names: the official ones for provincial-level units (``PROVINCE_NAMES_EN``); prefectures
and counties are romanised from their Chinese names (``romanised.english_name``: 太原市 Taiyuan,
朝阳区 Chaoyang District, 延边朝鲜族自治州 Yanbian Korean Autonomous Prefecture).
"""

from __future__ import annotations

import importlib.resources
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from benchmarking.reference import ReferenceDataError
from benchmarking.reference.romanised import english_name

PROVINCE = "province"
PREFECTURE = "prefecture"
COUNTY = "county"
LEVELS = (PROVINCE, PREFECTURE, COUNTY)

SOURCE_PACKAGE = "stdnum.cn"
SOURCE_FILE = "loc.dat"

MUNICIPALITY_CODES = frozenset({"110000", "120000", "310000", "500000"})
SPECIAL_ADMINISTRATIVE_REGION_CODES = frozenset({"810000", "820000"})


@dataclass(frozen=True)
class RegionRecord:
    code: str  # six digits, e.g. '110000', '440300', '440305'
    name: str  # Chinese name, e.g. '广东省', '深圳市', '南山区'
    level: str  # 'province' | 'prefecture' | 'county'
    parent_code: str | None
    name_en: str = ""  # official for provinces, romanised below them

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def is_municipality(self) -> bool:
        return self.code in MUNICIPALITY_CODES


# Codes GB/T 2260 uses for groupings rather than units (names as they appear in the standard
# and as loc.dat spells them).
_PSEUDO_PREFECTURE_NAMES = frozenset({
    "市辖区", "县",
    "省直辖县级行政区划", "自治区直辖县级行政区划",
    "省直辖县级行政单位", "自治区直辖县级行政单位",
})
_PSEUDO_COUNTY_NAMES = frozenset({"市辖区"})

# Undated entries that are no longer current: code -> the stale name (dropped only if the
# source still has exactly this undated name, so a corrected source takes over).
_STALE_UNDATED = {
    "422900": "林区",  # 神农架 has been 429021 under 省直辖县级行政区划 since 1986
    "422921": "神农架林区",  # ditto
    "429001": "随州市",  # prefecture-level city 421300 since 2000
}

# Current units the source lacks: code -> name (added only if the code is absent).
_ADDITIONS = {
    "330113": "临平区",  # split from 余杭区, 2021
    "330114": "钱塘区",  # formed from parts of 江干区 and 萧山区, 2021
}

# The source spells a few names in traditional characters (大兴安岭's districts; the SARs'
# province lines).
_TO_SIMPLIFIED = str.maketrans({"區": "区", "達": "达", "嶺": "岭", "門": "门", "別": "别", "灣": "湾"})

PROVINCE_NAMES_EN = {
    "110000": "Beijing",
    "120000": "Tianjin",
    "130000": "Hebei",
    "140000": "Shanxi",
    "150000": "Inner Mongolia",
    "210000": "Liaoning",
    "220000": "Jilin",
    "230000": "Heilongjiang",
    "310000": "Shanghai",
    "320000": "Jiangsu",
    "330000": "Zhejiang",
    "340000": "Anhui",
    "350000": "Fujian",
    "360000": "Jiangxi",
    "370000": "Shandong",
    "410000": "Henan",
    "420000": "Hubei",
    "430000": "Hunan",
    "440000": "Guangdong",
    "450000": "Guangxi",
    "460000": "Hainan",
    "500000": "Chongqing",
    "510000": "Sichuan",
    "520000": "Guizhou",
    "530000": "Yunnan",
    "540000": "Xizang",  # the name the PRC's official English uses; also known as Tibet
    "610000": "Shaanxi",
    "620000": "Gansu",
    "630000": "Qinghai",
    "640000": "Ningxia",
    "650000": "Xinjiang",
    "710000": "Taiwan",
    "810000": "Hong Kong",
    "820000": "Macao",
}

PROVINCE_SHORT_NAMES = {
    "北京市": "北京",
    "天津市": "天津",
    "河北省": "河北",
    "山西省": "山西",
    "内蒙古自治区": "内蒙古",
    "辽宁省": "辽宁",
    "吉林省": "吉林",
    "黑龙江省": "黑龙江",
    "上海市": "上海",
    "江苏省": "江苏",
    "浙江省": "浙江",
    "安徽省": "安徽",
    "福建省": "福建",
    "江西省": "江西",
    "山东省": "山东",
    "河南省": "河南",
    "湖北省": "湖北",
    "湖南省": "湖南",
    "广东省": "广东",
    "广西壮族自治区": "广西",
    "海南省": "海南",
    "重庆市": "重庆",
    "四川省": "四川",
    "贵州省": "贵州",
    "云南省": "云南",
    "西藏自治区": "西藏",
    "陕西省": "陕西",
    "甘肃省": "甘肃",
    "青海省": "青海",
    "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆",
    "台湾省": "台湾",
    "香港特别行政区": "香港",
    "澳门特别行政区": "澳门",
}


def short_name(name: str) -> str:
    """The usual short name of a provincial-level unit ('广西壮族自治区' -> '广西').

    Accepts the traditional spellings of the SARs too. Any other name is returned unchanged:
    prefecture and county names have no reliable mechanical short form (自治州 names, 市 that
    is part of the name…), so none is invented.
    """
    full = name.strip().translate(_TO_SIMPLIFIED)
    return PROVINCE_SHORT_NAMES.get(full, name)


# One square per provincial-level unit, (row, col) with row 0 at the top (north) and col 0
# at the left (west), placed roughly where each lies.
#
#        0     1     2     3     4     5     6
#   0                                       黑龙江
#   1                     内蒙古 北京        吉林
#   2   新疆  甘肃  宁夏  山西  河北  天津  辽宁
#   3   西藏  青海  陕西  河南  山东
#   4         四川  重庆  湖北  安徽  江苏  上海
#   5         云南  贵州  湖南  江西  浙江
#   6               广西  广东  福建  台湾
#   7               海南  澳门  香港
PROVINCE_TILE_GRID: dict[str, tuple[int, int]] = {
    "230000": (0, 6),  # 黑龙江
    "150000": (1, 3),  # 内蒙古
    "110000": (1, 4),  # 北京
    "220000": (1, 6),  # 吉林
    "650000": (2, 0),  # 新疆
    "620000": (2, 1),  # 甘肃
    "640000": (2, 2),  # 宁夏
    "140000": (2, 3),  # 山西
    "130000": (2, 4),  # 河北
    "120000": (2, 5),  # 天津
    "210000": (2, 6),  # 辽宁
    "540000": (3, 0),  # 西藏
    "630000": (3, 1),  # 青海
    "610000": (3, 2),  # 陕西
    "410000": (3, 3),  # 河南
    "370000": (3, 4),  # 山东
    "510000": (4, 1),  # 四川
    "500000": (4, 2),  # 重庆
    "420000": (4, 3),  # 湖北
    "340000": (4, 4),  # 安徽
    "320000": (4, 5),  # 江苏
    "310000": (4, 6),  # 上海
    "530000": (5, 1),  # 云南
    "520000": (5, 2),  # 贵州
    "430000": (5, 3),  # 湖南
    "360000": (5, 4),  # 江西
    "330000": (5, 5),  # 浙江
    "450000": (6, 2),  # 广西
    "440000": (6, 3),  # 广东
    "350000": (6, 4),  # 福建
    "710000": (6, 5),  # 台湾
    "460000": (7, 2),  # 海南
    "820000": (7, 3),  # 澳门
    "810000": (7, 4),  # 香港
}


def level_of(code: str) -> str:
    """'province', 'prefecture' or 'county' from the shape of a six-digit code."""
    if not re.fullmatch(r"\d{6}", code):
        raise ValueError(f"not a six-digit region code: {code!r}")
    if code.endswith("0000"):
        return PROVINCE
    if code.endswith("00"):
        return PREFECTURE
    return COUNTY


@dataclass(frozen=True)
class _Entry:
    code: str
    name: str  # the current name, simplified
    dated: bool  # whether the current name carries years in the source


_LINE = re.compile(r'^(?P<indent>[ \t]*)(?P<prefix>\d+)[ \t]+(?P<key>\w+)="(?P<value>[^"]*)"$')
_VARIANT = re.compile(r"^(?:\[(?P<start>\d{4})?-(?P<end>\d{4})?\])?(?P<name>[^\[\],]+)$")


def source_text() -> str:
    return importlib.resources.files(SOURCE_PACKAGE).joinpath(SOURCE_FILE).read_text(encoding="utf-8")


def _parse(text: str) -> tuple[dict[str, _Entry], dict[str, str], int]:
    """Current entries by code, province-line names by two-digit prefix, newest year seen."""
    current: dict[str, _Entry] = {}
    province_lines: dict[str, str] = {}
    newest = 0
    province = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LINE.match(line)
        if not match:
            raise ReferenceDataError(f"{SOURCE_FILE}:{number}: unexpected line {line!r}")
        prefix, key, value = match["prefix"], match["key"], match["value"]
        if not match["indent"]:
            if len(prefix) != 2 or key != "province":
                raise ReferenceDataError(f"{SOURCE_FILE}:{number}: expected a province line, got {line!r}")
            province = prefix
            province_lines[prefix] = value.translate(_TO_SIMPLIFIED)
            continue
        if province is None or len(prefix) != 4 or key != "county":
            raise ReferenceDataError(f"{SOURCE_FILE}:{number}: expected a county line, got {line!r}")
        code = province + prefix
        if code in current:
            raise ReferenceDataError(f"{SOURCE_FILE}:{number}: code {code} appears twice")
        live = []
        for part in value.split(","):
            variant = _VARIANT.match(part.strip())
            if not variant:
                raise ReferenceDataError(f"{SOURCE_FILE}:{number}: cannot read name {part!r}")
            years = [int(y) for y in (variant["start"], variant["end"]) if y]
            newest = max([newest, *years])
            if not variant["end"]:
                dated = part.strip().startswith("[")
                live.append(_Entry(code, variant["name"].strip().translate(_TO_SIMPLIFIED), dated))
        if len(live) > 1:
            raise ReferenceDataError(f"{SOURCE_FILE}:{number}: {code} has several current names {live}")
        if live:
            current[code] = live[0]
    return current, province_lines, newest


@lru_cache(maxsize=1)
def _load() -> tuple[tuple[RegionRecord, ...], int]:
    current, province_lines, newest = _parse(source_text())

    for code, stale_name in _STALE_UNDATED.items():
        entry = current.get(code)
        if entry is not None and not entry.dated and entry.name == stale_name:
            del current[code]
    for code, name in _ADDITIONS.items():
        current.setdefault(code, _Entry(code, name, dated=True))

    pseudo: set[str] = set()
    records: dict[str, RegionRecord] = {}
    for code in sorted(current):
        entry = current[code]
        level = level_of(code)
        if level == PROVINCE:
            if code[:2] not in province_lines:
                raise ReferenceDataError(f"{code} {entry.name} has no province line")
            records[code] = RegionRecord(code, entry.name, PROVINCE, None, PROVINCE_NAMES_EN.get(code, ""))
            continue
        province_code = code[:2] + "0000"
        if province_code not in records:
            raise ReferenceDataError(f"{code} {entry.name}: province {province_code} is not current")
        if level == PREFECTURE:
            if entry.name in _PSEUDO_PREFECTURE_NAMES:
                pseudo.add(code)
            else:
                records[code] = RegionRecord(code, entry.name, PREFECTURE, province_code, english_name(entry.name))
            continue
        if entry.name in _PSEUDO_COUNTY_NAMES:
            continue
        prefecture_code = code[:4] + "00"
        if prefecture_code in records:
            parent = prefecture_code
        elif prefecture_code in pseudo:
            parent = province_code
        else:
            raise ReferenceDataError(f"{code} {entry.name}: prefecture {prefecture_code} is not current")
        records[code] = RegionRecord(code, entry.name, COUNTY, parent, english_name(entry.name))

    missing_en = {code for code, record in records.items() if record.level == PROVINCE} - set(PROVINCE_NAMES_EN)
    if missing_en:
        raise ReferenceDataError(f"provincial-level units without an English name: {sorted(missing_en)}")
    return tuple(records.values()), newest


def iter_regions() -> Iterator[RegionRecord]:
    """Every current region, in code order, which puts every parent before its children."""
    records, _newest = _load()
    yield from records


def source_info() -> dict[str, str | int]:
    """Where the regions come from, for logs and the loader's summary."""
    import stdnum

    _records, newest = _load()
    return {
        "package": "python-stdnum",
        "version": stdnum.__version__,
        "file": f"{SOURCE_PACKAGE.replace('.', '/')}/{SOURCE_FILE}",
        "newest_change_year": newest,
    }


def vintage() -> str:
    """Which year's divisions the data reflects, in words, for the README and the loader's output.

    The newest change the source records is the year the data is current to: the Ministry of
    Civil Affairs' list of county-level and higher division codes (县级以上行政区划代码, which
    GB/T 2260 follows) as changed up to that year.
    """
    info = source_info()
    return (
        f"GB/T 2260 行政区划代码，截至 {info['newest_change_year']} 年的民政部县级以上行政区划代码"
        f"（含该年变更；来源 {info['package']} {info['version']} {info['file']}）"
    )


def campaign_city_code(record: RegionRecord) -> str | None:
    """The campaign's city a region belongs to: its prefecture-level city, or the municipality.

    A prefecture is its own city, and so is a municipality (北京市 counts as a city); a
    municipality's districts and counties belong to it. Other provinces belong to no city.
    County-level units the province administers directly (仙桃市 429004, 济源市 419001,
    石河子市 659001, 琼海市 469002, …), whose parent is the province, have no prefecture above
    them and are cities of the campaign themselves. Must agree with :func:`benchmarking.places.city_of`.
    """
    if record.level == PROVINCE:
        return record.code if record.code in MUNICIPALITY_CODES else None
    if record.level == PREFECTURE:
        return record.code
    if record.parent_code in MUNICIPALITY_CODES:
        return record.parent_code
    if record.parent_code and level_of(record.parent_code) == PREFECTURE:
        return record.parent_code
    return record.code
