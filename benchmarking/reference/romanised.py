"""English names of prefectures and counties, romanised from their Chinese names.

The place name proper is written in Hanyu Pinyin without tones, as one word (GB/T 16159 and
the State Council's rules for romanising Chinese place names: 太原 Taiyuan, 石家庄 Shijiazhuang),
and the kind of unit is translated (市 city: left out, as in "Taiyuan"; 区 District, 县 County,
自治州 Autonomous Prefecture, 地区 Prefecture, 盟 League, 旗 Banner…). An autonomous unit's
nationality is given its English name (延边朝鲜族自治州 Yanbian Korean Autonomous Prefecture), and a
few cities keep the English form they are known by internationally (呼和浩特 Hohhot, 乌鲁木齐
Urumqi, 拉萨 Lhasa). Readings that pypinyin gets wrong for place names are fixed in ``READINGS``.
"""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin

# Longest first: 自治县 before 县, 林区 and 地区 before 区.
KINDS = (
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("林区", "Forestry District"),
    ("特区", "Special District"),
    ("地区", "Prefecture"),
    ("新区", "New Area"),
    ("区", "District"),
    ("县", "County"),
    ("旗", "Banner"),
    ("盟", "League"),
    ("市", ""),
)

# The nationalities named in autonomous prefectures, counties and banners, as the State Ethnic
# Affairs Commission writes them in English; longest first, so 蒙古族 is found before 蒙古.
NATIONALITIES = {
    "朝鲜族": "Korean", "蒙古族": "Mongol", "藏族": "Tibetan", "回族": "Hui", "维吾尔族": "Uygur",
    "哈萨克族": "Kazak", "哈萨克": "Kazak", "柯尔克孜": "Kirgiz", "蒙古": "Mongol", "彝族": "Yi", "苗族": "Miao",
    "侗族": "Dong", "土家族": "Tujia", "白族": "Bai", "傣族": "Dai", "景颇族": "Jingpo", "傈僳族": "Lisu",
    "壮族": "Zhuang", "布依族": "Bouyei", "哈尼族": "Hani", "羌族": "Qiang", "瑶族": "Yao", "畲族": "She",
    "佤族": "Va", "拉祜族": "Lahu", "纳西族": "Naxi", "怒族": "Nu", "普米族": "Pumi", "独龙族": "Derung",
    "仡佬族": "Gelao", "水族": "Sui", "仫佬族": "Mulao", "毛南族": "Maonan", "黎族": "Li", "土族": "Tu",
    "撒拉族": "Salar", "东乡族": "Dongxiang", "保安族": "Bonan", "裕固族": "Yugur", "锡伯族": "Xibe",
    "满族": "Manchu", "达斡尔族": "Daur", "鄂温克族": "Ewenki", "鄂伦春族": "Oroqen", "塔吉克": "Tajik",
    "各族": "Multi-ethnic",
}

# Places known abroad by a form other than their pinyin: most are names in Mongolian, Uygur or
# Tibetan, whose official English forms follow those languages (呼伦贝尔 Hulunbuir, not Hulunbei'er).
KNOWN = {
    "呼和浩特": "Hohhot", "乌鲁木齐": "Urumqi", "拉萨": "Lhasa", "呼伦贝尔": "Hulunbuir", "鄂尔多斯": "Ordos",
    "锡林郭勒": "Xilingol", "乌兰察布": "Ulanqab", "巴彦淖尔": "Bayannur", "兴安": "Hinggan", "阿拉善": "Alxa",
    "博尔塔拉": "Bortala", "克孜勒苏": "Kizilsu", "巴音郭楞": "Bayingolin", "伊犁": "Ili",
    "阿勒泰": "Altay", "喀什": "Kashgar", "和田": "Hotan", "阿克苏": "Aksu", "吐鲁番": "Turpan",
    "克拉玛依": "Karamay", "日喀则": "Shigatse", "林芝": "Nyingchi", "昌都": "Qamdo", "那曲": "Nagqu",
    "阿里": "Ngari", "果洛": "Golog", "甘孜": "Garze", "阿坝": "Ngawa",
}

# Characters whose reading in place names is not pypinyin's most frequent one.
PLACE_READINGS = {"长": "chang", "朝": "chao", "厦": "xia", "蚌": "beng"}

# Characters that pypinyin reads, out of context, other than these place names say them.
READINGS = {"六安": "Lu'an", "番禺": "Panyu", "重庆": "Chongqing"}

_VOWELS = set("aeiouü")


def _pinyin(chinese: str) -> str:
    """One word, capitalised, with an apostrophe where a syllable starting with a vowel would
    otherwise run into the one before (西安 Xi'an, 六安 Lu'an)."""
    if chinese in READINGS:
        return READINGS[chinese]
    syllables = [PLACE_READINGS.get(character, syllable) for character, syllable in
                 zip(chinese, lazy_pinyin(chinese, style=Style.NORMAL, v_to_u=True), strict=False)]
    word = ""
    for syllable in syllables:
        if word and syllable[:1] in _VOWELS:
            word += "'"
        word += syllable
    return word[:1].upper() + word[1:]


def _proper(chinese: str) -> str:
    return KNOWN.get(chinese) or _pinyin(chinese)


def english_name(name: str) -> str:
    """The English name of a prefecture- or county-level unit (太原市 → Taiyuan, 朝阳区 →
    Chaoyang District, 延边朝鲜族自治州 → Yanbian Korean Autonomous Prefecture)."""
    name = name.strip()
    kind = ""
    for suffix, english in KINDS:
        if name.endswith(suffix) and len(name) > len(suffix):
            name, kind = name[: -len(suffix)], english
            break
    nationalities = []
    if kind.startswith("Autonomous"):
        # The place, then its nationalities: 德宏傣族景颇族 → Dehong + Dai, Jingpo.
        position = min((name.find(n) for n in NATIONALITIES if n in name), default=-1)
        if position > 0:
            rest, name = name[position:], name[:position]
            while rest:
                found = next((n for n in sorted(NATIONALITIES, key=len, reverse=True) if rest.startswith(n)), None)
                if found is None:
                    rest = rest[1:]
                    continue
                nationalities.append(NATIONALITIES[found])
                rest = rest[len(found):]
    parts = [_proper(name)]
    if nationalities:
        parts.append(" and ".join(nationalities) if len(nationalities) == 2 else ", ".join(nationalities))
    if kind:
        parts.append(kind)
    return " ".join(parts)
