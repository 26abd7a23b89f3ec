"""Reference data: GB/T 2260 regions (from python-stdnum) and GB/T 4754-2017 industries.

Pure Python, no database: runs with or without pytest-django.
"""

import ast
from collections import Counter
from pathlib import Path

import pytest

from benchmarking.reference import ReferenceDataError, industries
from benchmarking.reference import regions as region_data
from benchmarking.reference.industries import IndustryRecord, iter_industries
from benchmarking.reference.regions import (
    MUNICIPALITY_CODES,
    PROVINCE_SHORT_NAMES,
    PROVINCE_TILE_GRID,
    RegionRecord,
    campaign_city_code,
    iter_regions,
    short_name,
)

REGIONS = list(iter_regions())
BY_CODE = {record.code: record for record in REGIONS}
INDUSTRIES = list(iter_industries())
INDUSTRY = {record.code: record for record in INDUSTRIES}

MAINLAND_PROVINCES = {
    "110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000", "310000", "320000",
    "330000", "340000", "350000", "360000", "370000", "410000", "420000", "430000", "440000", "450000",
    "460000", "500000", "510000", "520000", "530000", "540000", "610000", "620000", "630000", "640000",
    "650000",
}
HK_MACAO_TAIWAN = {"810000", "820000", "710000"}


def of_level(level):
    return [record for record in REGIONS if record.level == level]


class TestRegionCounts:
    def test_levels_as_found_in_the_source(self):
        assert Counter(record.level for record in REGIONS) == {"province": 34, "prefecture": 333, "county": 2849}

    def test_provincial_level_units_are_the_31_mainland_ones_plus_hong_kong_macao_and_taiwan(self):
        assert {record.code for record in of_level("province")} == MAINLAND_PROVINCES | HK_MACAO_TAIWAN

    def test_cities_are_prefecture_level_units_municipalities_and_province_administered_counties(self):
        cities = {campaign_city_code(record) for record in REGIONS} - {None}
        # 333 prefecture-level units, 4 municipalities, 32 county-level units under their province:
        # 湖北 4 (429004–429021), 河南 1 (济源 419001), 海南 15 (4690xx), 新疆 12 (6590xx).
        assert len(cities) == 369
        assert cities >= MUNICIPALITY_CODES
        direct = sorted(code for code in cities if BY_CODE[code].level == "county")
        assert Counter(code[:2] for code in direct) == {"42": 4, "41": 1, "46": 15, "65": 12}

    def test_county_counts_of_some_provinces_match_the_official_statistics(self):
        counties = Counter(record.code[:2] for record in of_level("county"))
        assert counties["44"] == 122  # 广东
        assert counties["51"] == 183  # 四川
        assert counties["33"] == 90  # 浙江, with the two 2021 Hangzhou districts the source lacks
        assert counties["50"] == 37  # 重庆 after the 2025 两江新区 change: 25 区, 8 县, 4 自治县
        assert counties["11"] == counties["12"] == counties["31"] == 16
        assert counties["23"] == 121 + 4  # 黑龙江, plus the four 大兴安岭 districts


class TestRegionStructure:
    def test_codes_are_unique_six_digits_and_match_their_level(self):
        assert len(BY_CODE) == len(REGIONS)
        for record in REGIONS:
            assert region_data.level_of(record.code) == record.level

    def test_every_parent_exists_and_comes_before_its_children(self):
        seen = set()
        for record in REGIONS:
            if record.level == "province":
                assert record.parent_code is None
            else:
                assert record.parent_code in seen, record
                parent = BY_CODE[record.parent_code]
                assert parent.code[:2] == record.code[:2]
                if record.level == "prefecture":
                    assert parent.level == "province"
                else:
                    assert record.parent_code in {record.code[:4] + "00", record.code[:2] + "0000"}
            seen.add(record.code)

    def test_no_pseudo_units_are_emitted(self):
        pseudo = {
            "市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划",
            "省直辖县级行政单位", "自治区直辖县级行政单位",
        }
        assert not [record for record in REGIONS if record.name in pseudo]
        for code in ("110100", "120100", "310100", "500100", "500200", "419000", "429000", "469000", "659000"):
            assert code not in BY_CODE

    def test_names_are_simplified_and_fit_the_model(self):
        for record in REGIONS:
            assert record.name and record.name == record.name.strip()
            assert not set(record.name) & set("區達嶺門別灣"), record
            assert len(record.name) <= 60 and len(record.name_en) <= 80

    def test_records_are_frozen(self):
        with pytest.raises(AttributeError):
            REGIONS[0].name = "x"


class TestRegionFacts:
    def test_shenzhen_is_a_prefecture_of_guangdong(self):
        assert BY_CODE["440300"] == RegionRecord("440300", "深圳市", "prefecture", "440000", "Shenzhen")
        assert BY_CODE["440305"].name == "南山区" and BY_CODE["440305"].parent_code == "440300"

    def test_municipalities_have_no_prefectures_and_own_their_districts_and_counties(self):
        for code in MUNICIPALITY_CODES:
            assert BY_CODE[code].level == "province" and BY_CODE[code].is_municipality
            assert not [r for r in of_level("prefecture") if r.parent_code == code]
        assert BY_CODE["110105"] == RegionRecord("110105", "朝阳区", "county", "110000", "Chaoyang District")
        assert BY_CODE["500235"].name == "云阳县" and BY_CODE["500235"].parent_code == "500000"  # under 500200 县
        assert campaign_city_code(BY_CODE["110105"]) == "110000"
        assert campaign_city_code(BY_CODE["110000"]) == "110000"

    def test_province_administered_county_level_units_hang_off_the_province(self):
        assert BY_CODE["429004"] == RegionRecord("429004", "仙桃市", "county", "420000", "Xiantao")
        assert BY_CODE["429021"].name == "神农架林区" and BY_CODE["429021"].parent_code == "420000"
        assert BY_CODE["419001"].name == "济源市" and BY_CODE["419001"].parent_code == "410000"
        assert BY_CODE["659001"].name == "石河子市" and BY_CODE["659001"].parent_code == "650000"
        assert BY_CODE["469005"].name == "文昌市" and BY_CODE["469005"].parent_code == "460000"
        # No prefecture above them: they take part in the campaign as cities of their own.
        for code in ("429004", "429005", "429006", "429021", "419001", "659001", "659004", "469002", "469030"):
            assert campaign_city_code(BY_CODE[code]) == code
        # Prefecture-level cities without districts are their own city with nothing below.
        for code in ("441900", "442000", "460400", "620200"):
            assert campaign_city_code(BY_CODE[code]) == code
            assert not [r for r in REGIONS if r.parent_code == code]

    def test_historical_and_stale_codes_are_left_out(self):
        for code in ("110103", "110104", "330103", "330104", "500105", "500112", "422900", "422921", "429001"):
            assert code not in BY_CODE, BY_CODE.get(code)
        assert BY_CODE["421300"].name == "随州市"
        assert BY_CODE["500157"].name == "两江新区"  # 2025

    def test_corrections_to_the_source(self):
        assert BY_CODE["330113"] == RegionRecord("330113", "临平区", "county", "330100", "Linping District")
        assert BY_CODE["330114"].name == "钱塘区"
        assert [BY_CODE[c].name for c in ("232761", "232762", "232763", "232764")] == [
            "加格达奇区", "松岭区", "新林区", "呼中区",
        ]

    def test_hong_kong_macao_and_taiwan_are_childless_provincial_units(self):
        assert BY_CODE["810000"].name == "香港特别行政区"
        assert BY_CODE["820000"].name == "澳门特别行政区"
        assert BY_CODE["710000"].name == "台湾省"
        parents = {record.parent_code for record in REGIONS}
        assert not parents & HK_MACAO_TAIWAN

    def test_english_names_official_for_provinces_romanised_below(self):
        provinces = of_level("province")
        assert all(record.name_en for record in provinces)
        assert len({record.name_en for record in provinces}) == 34
        assert BY_CODE["150000"].name_en == "Inner Mongolia"
        assert BY_CODE["140000"].name_en == "Shanxi" and BY_CODE["610000"].name_en == "Shaanxi"
        assert BY_CODE["820000"].name_en == "Macao"
        assert all(record.name_en and record.name_en.replace("ü", "u").isascii() for record in REGIONS)
        assert BY_CODE["140100"].name_en == "Taiyuan"  # 太原市: a city's 市 is left out
        assert BY_CODE["110105"].name_en == "Chaoyang District"  # 朝阳区, not Zhaoyang
        assert BY_CODE["222400"].name_en == "Yanbian Korean Autonomous Prefecture"
        assert BY_CODE["150100"].name_en == "Hohhot" and BY_CODE["650100"].name_en == "Urumqi"
        assert BY_CODE["610100"].name_en == "Xi'an" and BY_CODE["341500"].name_en == "Lu'an"
        assert BY_CODE["152900"].name_en == "Alxa League"

    def test_source_info(self):
        info = region_data.source_info()
        assert info["version"] == "2.2" and info["file"] == "stdnum/cn/loc.dat"
        assert info["newest_change_year"] >= 2025


class TestShortNamesAndTileGrid:
    def test_short_names(self):
        assert short_name("广东省") == "广东"
        assert short_name("内蒙古自治区") == "内蒙古"
        assert short_name("广西壮族自治区") == "广西"
        assert short_name("新疆维吾尔自治区") == "新疆"
        assert short_name("香港特别行政区") == short_name("香港特別行政區") == "香港"
        assert short_name("深圳市") == "深圳市"  # not provincial: unchanged
        assert {short_name(record.name) for record in of_level("province")} == set(PROVINCE_SHORT_NAMES.values())

    def test_every_provincial_unit_has_its_own_tile(self):
        assert set(PROVINCE_TILE_GRID) == {record.code for record in of_level("province")}
        tiles = list(PROVINCE_TILE_GRID.values())
        assert len(set(tiles)) == len(tiles) == 34
        assert all(isinstance(row, int) and isinstance(col, int) and row >= 0 and col >= 0 for row, col in tiles)

    def test_tiles_sit_roughly_where_the_provinces_are(self):
        grid = PROVINCE_TILE_GRID
        rows = [row for row, _ in grid.values()]
        cols = [col for _, col in grid.values()]
        assert grid["230000"] == (min(rows), max(cols))  # 黑龙江 top right
        assert grid["650000"][1] == min(cols)  # 新疆 left
        assert grid["460000"][0] == max(rows)  # 海南 bottom
        assert grid["710000"] == (grid["350000"][0], grid["350000"][1] + 1)  # 台湾 right of 福建
        assert grid["110000"][0] < grid["130000"][0]  # 北京 above 河北


class TestRegionParser:
    def test_reads_years_and_picks_the_current_name(self):
        text = '# comment\n11 province="北京市"\n  0000 county="北京市"\n  0103 county="[-2010]崇文区"\n' \
               '  0110 county="[-1991]东郊区,[1992-]东丽区"\n'
        current, provinces, newest = region_data._parse(text)
        assert provinces == {"11": "北京市"}
        assert {code: entry.name for code, entry in current.items()} == {"110000": "北京市", "110110": "东丽区"}
        assert newest == 2010

    @pytest.mark.parametrize("text", [
        '11 province="北京市"\n  0000 oops\n',
        '  0000 county="北京市"\n',
        '11 province="北京市"\n  0110 county="[1990-]甲区,[1992-]乙区"\n',
    ])
    def test_rejects_what_it_does_not_understand(self, text):
        with pytest.raises(ReferenceDataError):
            region_data._parse(text)


class TestIndustries:
    def test_counts(self):
        assert Counter(record.level for record in INDUSTRIES) == {"section": 20, "division": 97}
        assert [r.code for r in INDUSTRIES if r.level == "section"] == list("ABCDEFGHIJKLMNOPQRST")
        assert [r.code for r in INDUSTRIES if r.level == "division"] == [f"{n:02d}" for n in range(1, 98)]

    def test_sections_come_first_and_every_parent_exists_before_its_children(self):
        assert [r.level for r in INDUSTRIES] == ["section"] * 20 + ["division"] * 97
        seen = set()
        for record in INDUSTRIES:
            assert record.parent_code is None if record.level == "section" else record.parent_code in seen
            seen.add(record.code)

    def test_divisions_sit_in_their_sections(self):
        ranges = {
            "A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50), "F": (51, 52),
            "G": (53, 60), "H": (61, 62), "I": (63, 65), "J": (66, 69), "K": (70, 70), "L": (71, 72),
            "M": (73, 75), "N": (76, 79), "O": (80, 82), "P": (83, 83), "Q": (84, 85), "R": (86, 90),
            "S": (91, 96), "T": (97, 97),
        }
        for record in INDUSTRIES:
            if record.level == "division":
                low, high = ranges[record.parent_code]
                assert low <= int(record.code) <= high, record

    def test_the_three_sector_rule(self):
        for record in INDUSTRIES:
            if record.level != "division":
                continue
            if record.parent_code == "A" and record.code != "05":
                expected = 1
            elif record.parent_code in "BCDE" and record.code not in {"11", "43"}:
                expected = 2
            else:
                expected = 3
            assert record.sector == expected, record

    def test_specific_sectors(self):
        sectors = {code: INDUSTRY[code].sector for code in ("01", "05", "11", "13", "43", "65", "E", "A", "F", "T")}
        assert sectors == {"01": 1, "05": 3, "11": 3, "13": 2, "43": 3, "65": 3, "E": 2, "A": 1, "F": 3, "T": 3}

    def test_official_names(self):
        assert INDUSTRY["A"].name_zh == "农、林、牧、渔业"
        assert INDUSTRY["01"].name_zh == "农业"
        assert INDUSTRY["05"].name_zh == "农、林、牧、渔专业及辅助性活动"
        assert INDUSTRY["13"].name_zh == "农副食品加工业"
        assert INDUSTRY["43"].name_zh == "金属制品、机械和设备修理业"
        assert INDUSTRY["65"].name_zh == "软件和信息技术服务业"
        assert INDUSTRY["E"].name_zh == "建筑业"
        assert INDUSTRY["D"].name_zh == "电力、热力、燃气及水生产和供应业"
        assert INDUSTRY["96"].name_zh == "基层群众自治组织及其他组织"
        assert INDUSTRY["A"].name_en == "Agriculture, forestry, animal husbandry and fishery"
        for record in INDUSTRIES:
            assert record.name_en.isascii() and len(record.name_en) <= 160 and len(record.name_zh) <= 80

    def test_records_are_frozen(self):
        with pytest.raises(AttributeError):
            INDUSTRIES[0].sector = 2


class TestIndustryValidation:
    HEADER = "code,level,parent,name_zh,name_en,sector\n"
    GOOD = "A,section,,农、林、牧、渔业,Agriculture,1\n01,division,A,农业,Agriculture,1\n"

    def load(self, tmp_path, body):
        path = tmp_path / "industries.csv"
        path.write_text(self.HEADER + body, encoding="utf-8")
        records = industries._read(path)
        industries._validate(records)
        return records

    def test_a_good_file_loads(self, tmp_path):
        assert self.load(tmp_path, self.GOOD) == (
            IndustryRecord("A", "section", None, "农、林、牧、渔业", "Agriculture", 1),
            IndustryRecord("01", "division", "A", "农业", "Agriculture", 1),
        )

    @pytest.mark.parametrize("body", [
        GOOD + "01,division,A,农业,Agriculture,1\n",  # duplicate code
        GOOD + "06,division,B,煤炭开采和洗选业,Coal,2\n",  # section B missing
        GOOD + "02,division,A,林业,Forestry,4\n",  # sector out of range
        "A,section,,农、林、牧、渔业,Agriculture,2\n01,division,A,农业,Agriculture,1\n",  # section sector
        GOOD + "B,section,,采矿业,Mining,2\n",  # section without divisions
        GOOD + "1,division,A,农业,Agriculture,1\n",  # malformed code
        GOOD + "02,class,A,林业,Forestry,1\n",  # unknown level
        GOOD + "02,division,A,林业,,1\n",  # missing English name
    ])
    def test_a_bad_file_is_refused(self, tmp_path, body):
        with pytest.raises(ReferenceDataError):
            self.load(tmp_path, body)

    def test_a_wrong_header_is_refused(self, tmp_path):
        path = tmp_path / "industries.csv"
        path.write_text("code,name\nA,x\n", encoding="utf-8")
        with pytest.raises(ReferenceDataError):
            industries._read(path)


def test_reference_modules_import_nothing_but_the_standard_library_stdnum_and_pypinyin():
    allowed = {"__future__", "collections", "csv", "dataclasses", "functools", "importlib", "pathlib", "re",
               "stdnum", "pypinyin", "benchmarking"}
    package = Path(region_data.__file__).parent
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, f"{path.name} imports {name}"
                if name.startswith("benchmarking"):
                    assert name.startswith("benchmarking.reference"), f"{path.name} imports {name}"
