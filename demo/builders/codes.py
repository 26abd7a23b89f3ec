"""Synthetic standards' codes: one code pattern per issuing body, every code checked by
``standards.codes.parse_standard_code`` and unique in the library. Each number starts with an
"X" (GB/T X12345-2020, EN X1234:2019, ASTM XF2100-19) so that no synthetic code is ever a real
standard's, and anybody reading one sees that it is made up."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from standards.codes import parse_standard_code

from .compact import SeenTexts


@dataclass(frozen=True)
class Body:
    key: str
    kind: str  # StandardKind value
    country: str
    issuer: str
    pattern: str  # {n} number, {p} part suffix, {y} four-digit year, {yy} two-digit year, {L} letter
    numbers: tuple[int, int]
    part_share: float = 0.0
    letters: str = ""


def _b(key, kind, country, issuer, pattern, numbers, part_share=0.0, letters=""):
    return Body(key, kind, country, issuer, pattern, numbers, part_share, letters)


SYNTHETIC_MARK = "X"
_NUMBER_PLACEHOLDER = re.compile(r"(\{L\})?\{n")


def marked(pattern: str) -> str:
    """The pattern with the synthetic mark before its number (and the division letter that
    leads it, as in ASTM's F2100)."""
    return _NUMBER_PLACEHOLDER.sub(lambda m: SYNTHETIC_MARK + m.group(0), pattern, count=1)


INTL, REGIONAL, FOREIGN = "international", "regional", "foreign_national"

BODIES: dict[str, Body] = {b.key: b for b in (
    _b("ISO", INTL, "", "International Organization for Standardization (ISO)", "ISO {n}{p}:{y}", (1000, 23999), 0.35),
    _b("CXS", INTL, "", "Codex Alimentarius Commission (FAO/WHO)", "CXS {n}-{y}", (1, 340)),
    _b("IEC", INTL, "", "International Electrotechnical Commission (IEC)", "IEC {n}{p}:{y}", (60000, 63999), 0.5),
    _b("ISO/TS", INTL, "", "International Organization for Standardization (ISO)", "ISO/TS {n}{p}:{y}",
       (16000, 23999), 0.3),
    _b("EN", REGIONAL, "EU", "European Committee for Standardization (CEN)", "EN {n}{p}:{y}", (1000, 17999), 0.25),
    _b("EN ISO", REGIONAL, "EU", "European Committee for Standardization (CEN)", "EN ISO {n}{p}:{y}",
       (1000, 23999), 0.3),
    _b("CEN/TS", REGIONAL, "EU", "European Committee for Standardization (CEN)", "CEN/TS {n}:{y}", (14000, 17999)),
    _b("ASTM", FOREIGN, "US", "ASTM International", "ASTM {L}{n}-{yy}", (1000, 3999), letters="FDE"),
    _b("NIOSH", FOREIGN, "US", "National Institute for Occupational Safety and Health (NIOSH)",
       "NIOSH TEB-APR-STP-{n4}-R{r}", (1, 99)),
    _b("ANSI/AAMI", FOREIGN, "US", "Association for the Advancement of Medical Instrumentation (AAMI)",
       "ANSI/AAMI {L}{n}:{y}", (10, 99), letters="PBSTE"),
    _b("ANSI/ISEA", FOREIGN, "US", "International Safety Equipment Association (ISEA)", "ANSI/ISEA Z{n}-{y}",
       (80, 130)),
    _b("UL", FOREIGN, "US", "UL Standards & Engagement", "UL {n}:{y}", (100, 9999)),
    _b("NFPA", FOREIGN, "US", "National Fire Protection Association (NFPA)", "NFPA {n}:{y}", (1000, 2999)),
    _b("CSA", FOREIGN, "CA", "CSA Group", "CSA Z{n}.{r}-{yy}", (90, 99)),
    _b("JIS", FOREIGN, "JP", "Japanese Industrial Standards Committee (JISC)", "JIS {L} {n}:{y}", (1000, 9999),
       letters="TCBKLSZA"),
    _b("KS", FOREIGN, "KR", "Korean Agency for Technology and Standards (KATS)", "KS {L} {n}:{y}", (1000, 9999),
       letters="PMKCB"),
    _b("GOST", FOREIGN, "RU", "Rosstandart", "GOST R {n}-{y}", (50000, 59999)),
    _b("DIN", FOREIGN, "DE", "Deutsches Institut für Normung (DIN)", "DIN {n}{p}:{y}", (1000, 99999), 0.3),
    _b("DIN EN", FOREIGN, "DE", "Deutsches Institut für Normung (DIN)", "DIN EN {n}:{y}", (1000, 17999)),
    _b("BS", FOREIGN, "GB", "British Standards Institution (BSI)", "BS {n}{p}:{y}", (1000, 9999), 0.2),
    _b("BS EN", FOREIGN, "GB", "British Standards Institution (BSI)", "BS EN {n}:{y}", (1000, 17999)),
    _b("NF", FOREIGN, "FR", "Association française de normalisation (AFNOR)", "NF {L}{n}-{m3}:{y}", (10, 99),
       letters="SETCX"),
    _b("UNE", FOREIGN, "ES", "Asociación Española de Normalización (UNE)", "UNE {n4}:{y}", (1, 199)),
    _b("UNI", FOREIGN, "IT", "Ente Italiano di Normazione (UNI)", "UNI {n}:{y}", (10000, 11999)),
    _b("AS/NZS", FOREIGN, "AU", "Standards Australia / Standards New Zealand", "AS/NZS {n}{p}:{y}", (1000, 5999), 0.2),
    _b("SNI", FOREIGN, "ID", "Badan Standardisasi Nasional (BSN)", "SNI {n}:{y}", (1000, 9999)),
    _b("IS", FOREIGN, "IN", "Bureau of Indian Standards (BIS)", "IS {n}:{y}", (1000, 18999)),
    _b("ABNT NBR", FOREIGN, "BR", "Associação Brasileira de Normas Técnicas (ABNT)", "ABNT NBR {n}:{y}",
       (10000, 16999)),
    _b("TCVN", FOREIGN, "VN", "Directorate for Standards, Metrology and Quality (STAMEQ)", "TCVN {n}:{y}",
       (5000, 13999)),
    _b("SS", FOREIGN, "SG", "Enterprise Singapore", "SS {n}:{y}", (500, 699)),
    _b("GB", "gb_mandatory", "CN", "国家市场监督管理总局、国家标准化管理委员会", "GB {n}-{y}", (4000, 39999)),
    _b("GB/T", "gb_recommended", "CN", "国家市场监督管理总局、国家标准化管理委员会", "GB/T {n}{p}-{y}", (10000, 43999),
       0.1),
    _b("YY", "industry", "CN", "国家药品监督管理局", "YY {n}-{y}", (9000, 9999)),
    _b("YY/T", "industry", "CN", "国家药品监督管理局", "YY/T {n}-{y}", (1000, 1899)),
    _b("WS/T", "industry", "CN", "国家卫生健康委员会", "WS/T {n}-{y}", (300, 899)),
    _b("SN/T", "industry", "CN", "海关总署", "SN/T {n}-{y}", (1000, 5999)),
)}

# Chinese industry standard prefixes (行业标准代号) and who issues them.
INDUSTRY_PREFIXES = {
    "NY/T": "农业农村部", "FZ/T": "工业和信息化部", "QB/T": "工业和信息化部", "HG/T": "工业和信息化部",
    "JC/T": "工业和信息化部", "JB/T": "工业和信息化部", "QC/T": "工业和信息化部", "SJ/T": "工业和信息化部",
    "YB/T": "工业和信息化部", "LY/T": "国家林业和草原局", "DL/T": "国家能源局", "CJ/T": "住房和城乡建设部",
    "SB/T": "商务部", "JT/T": "交通运输部", "LB/T": "文化和旅游部", "YZ/T": "国家邮政局", "YY/T": "国家药品监督管理局",
}
# Group standards (团体标准): the 'leading' level of many campaigns' plans.
GROUP_ISSUERS = {
    "CAS": "中国标准化协会", "CNTAC": "中国纺织工业联合会", "CHEAA": "中国家用电器协会", "CBMF": "中国建筑材料联合会",
    "CNFIA": "中国食品工业协会", "CMIF": "中国机械工业联合会", "CSAE": "中国汽车工程学会",
    "CESA": "中国电子工业标准化技术协会", "CAMDI": "中国医疗器械行业协会", "CPCIF": "中国石油和化学工业联合会",
    "CISA": "中国钢铁工业协会", "CFLP": "中国物流与采购联合会",
    "CEC": "中国电力企业联合会", "CCPITCSC": "中国国际贸易促进委员会商业行业委员会", "CI": "中国国际科技促进会",
}
# The English names of the Chinese issuers above (the foreign bodies' names are English already),
# for the library's English pages.
ISSUERS_EN = {
    "国家市场监督管理总局、国家标准化管理委员会":
        "State Administration for Market Regulation; Standardization Administration of China",
    "国家药品监督管理局": "National Medical Products Administration",
    "国家卫生健康委员会": "National Health Commission",
    "海关总署": "General Administration of Customs",
    "农业农村部": "Ministry of Agriculture and Rural Affairs",
    "工业和信息化部": "Ministry of Industry and Information Technology",
    "国家林业和草原局": "National Forestry and Grassland Administration",
    "国家能源局": "National Energy Administration",
    "住房和城乡建设部": "Ministry of Housing and Urban-Rural Development",
    "商务部": "Ministry of Commerce",
    "交通运输部": "Ministry of Transport",
    "文化和旅游部": "Ministry of Culture and Tourism",
    "国家邮政局": "State Post Bureau",
    "中国标准化协会": "China Association for Standardization",
    "中国纺织工业联合会": "China National Textile and Apparel Council",
    "中国家用电器协会": "China Household Electrical Appliances Association",
    "中国建筑材料联合会": "China Building Materials Federation",
    "中国食品工业协会": "China National Food Industry Association",
    "中国机械工业联合会": "China Machinery Industry Federation",
    "中国汽车工程学会": "China Society of Automotive Engineers",
    "中国电子工业标准化技术协会": "China Electronics Standardization Association",
    "中国医疗器械行业协会": "China Association for Medical Devices Industry",
    "中国石油和化学工业联合会": "China Petroleum and Chemical Industry Federation",
    "中国钢铁工业协会": "China Iron and Steel Association",
    "中国物流与采购联合会": "China Federation of Logistics and Purchasing",
    "中国电力企业联合会": "China Electricity Council",
    "中国国际贸易促进委员会商业行业委员会":
        "China Council for the Promotion of International Trade Commercial Sub-Council",
    "中国国际科技促进会": "China International Association for Promotion of Science and Technology",
}


class CodeBook:
    """Hands out unique, parseable codes; knows every code already in the library."""

    def __init__(self, existing: set[str]):
        # As digests (``SeenTexts``): a large demo hands out ~400,000 codes, and sets of them
        # and of their number tuples took ~180 bytes a code (tracemalloc, scale 2).
        self.used = SeenTexts(existing)  # existing codes keep their numbers by being unique as codes
        self._numbers = SeenTexts()
        self._stage: dict[str, int] = {}

    def make(self, rng: random.Random, pattern: str, numbers: tuple[int, int], *, year: int,
             part_share: float = 0.0, letters: str = "") -> str:
        low, high = numbers
        # A body's usual number range first, one edition per number; in a very large demo the
        # range fills up, and then numbers reach further (codes stay unique either way).
        stages = [(high, True, 30), (high, False, 30), (high * 10, False, 200), (high * 100, False, 400)]
        first = self._stage.get(pattern, 0)  # a range once found full stays full: start past it
        for stage, (ceiling, one_edition, attempts) in enumerate(stages[first:], start=first):
            self._stage[pattern] = stage
            for _attempt in range(attempts):
                code, number = self._draw(rng, pattern, low, ceiling, year, part_share, letters)
                if code in self.used or (one_edition and repr(number) in self._numbers):
                    continue
                parsed = parse_standard_code(code)  # raises on a malformed code: a bug here, not bad luck
                if parsed.code != code:
                    raise ValueError(f"pattern {pattern!r} makes {code!r}, stored as {parsed.code!r}")
                self.used.add(code)
                self._numbers.add(repr(number))
                return code
        raise RuntimeError(f"no free code left for pattern {pattern!r}")  # pragma: no cover

    @staticmethod
    def _draw(rng, pattern, low, high, year, part_share, letters) -> tuple[str, tuple]:
        """A code, and what identifies its number whatever the year (one edition per number)."""
        n = rng.randint(low, high)
        part = ""
        if part_share and rng.random() < part_share:
            if pattern.endswith("-{y}"):  # Chinese codes number parts with a dot: GB/T 1234.3-2020
                part = f".{rng.randint(1, 12)}"
            elif "IEC" in pattern:
                part = f"-2-{rng.randint(1, 90)}"
            else:
                part = f"-{rng.randint(1, 12)}"
        letter = rng.choice(letters) if letters else ""
        m3, r = f"{rng.randint(1, 999):03d}", rng.randint(1, 9)
        code = marked(pattern).format(n=n, p=part, y=year, yy=f"{year % 100:02d}", L=letter, n3=f"{n:03d}",
                                      n4=f"{n:04d}", m3=m3, r=r)
        return code, (pattern, n, part, letter, m3 if "{m3}" in pattern else "", r if "{r}" in pattern else 0)

    def body_code(self, rng: random.Random, body: Body, year: int, letters: str = "") -> str:
        """``letters``: the division letters that fit the subject (JIS T medical, KS K textiles…)."""
        return self.make(rng, body.pattern, body.numbers, year=year, part_share=body.part_share,
                         letters=letters or body.letters)
