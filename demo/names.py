"""Deterministic, realistic Chinese names for the demo: enterprises, institutions, people,
brands, product models. Every function takes the caller's ``random.Random`` so that one seed
gives one data set."""

from __future__ import annotations

import random
from typing import Protocol


class Seen(Protocol):
    """What the name makers need of the names handed out already (a set, or the seed's
    ``compact.SeenTexts``)."""

    def __contains__(self, text: str) -> bool: ...

    def add(self, text: str) -> None: ...

# The most common surnames, most common first (weights roughly follow their frequency).
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_SURNAME_WEIGHTS = [max(1.0, 12.0 - i * 0.12) for i in range(len(SURNAMES))]
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉俊峰建国志宏海波"
    "晓东文博宇浩然欣怡子涵梓萱思远佳琪雨欣嘉怡一鸣天宇瑞瑶婷雪梅春兰秋菊冬梅立新卫东振华"
)

# 字号: two characters of the kind Chinese firms register.
TRADE_CHARS = (
    "华兴盛达鑫泰隆昌恒通宏远瑞丰源永安康信诚嘉顺和合金益嘉宝利新锦富祥德正鼎凯晟旭辰航"
    "越汇众联创科智联美中博天海宇星辉明亿万成元腾骏博恩尚优佳睿泽润"
)
BRAND_FIRST = "安洁康雅美乐福星悦睿优清润净绿舒欣卓"
BRAND_SECOND = "盾宝康达家居源仕尔邦诺宁泰捷朗驰讯"
MODEL_LETTERS = "ABCDEFGHJKLMNPRSTWXYZ"

_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "地区", "省", "市",
             "盟", "县", "区")
_ETHNIC = ("苗", "侗", "土家", "藏", "羌", "彝", "傣", "景颇", "傈僳", "白", "壮", "哈尼", "布依", "回", "蒙古",
           "朝鲜", "哈萨克", "柯尔克孜", "黎")


def short_place(name: str) -> str:
    """'深圳市' → '深圳', '延边朝鲜族自治州' → '延边', '新疆维吾尔自治区' → '新疆'."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            short = name[: -len(suffix)]
            if suffix == "自治州":
                cuts = [short.find(e, 2) for e in _ETHNIC if short.find(e, 2) >= 2]
                short = short[: min(cuts)] if cuts else short
            return short
    return name


def person_name(rng: random.Random) -> str:
    surname = rng.choices(SURNAMES, weights=_SURNAME_WEIGHTS)[0]
    given = rng.choice(GIVEN_CHARS) + (rng.choice(GIVEN_CHARS) if rng.random() < 0.7 else "")
    return surname + given


def trade_name(rng: random.Random) -> str:
    first = rng.choice(TRADE_CHARS)
    second = rng.choice(TRADE_CHARS)
    while second == first:
        second = rng.choice(TRADE_CHARS)
    return first + second


ENTERPRISE_FORMS = (("有限公司", 0.62), ("股份有限公司", 0.2), ("科技有限公司", 0.1), ("集团有限公司", 0.05),
                    ("实业有限公司", 0.03))


def enterprise_name(rng: random.Random, place: str, trade_word: str, used: Seen) -> str:
    """'{城市简称}{字号}{行业词}{组织形式}', unique within ``used`` (which it extends)."""
    forms, weights = zip(*ENTERPRISE_FORMS, strict=True)
    for attempt in range(50):
        form = rng.choices(forms, weights=weights)[0]
        if form == "科技有限公司" and trade_word.endswith("科技"):
            form = "有限公司"
        name = f"{place}{trade_name(rng)}{trade_word}{form}"
        if attempt > 20:
            name = f"{place}{trade_name(rng)}{rng.choice(TRADE_CHARS)}{trade_word}{form}"
        if name not in used:
            used.add(name)
            return name
    raise RuntimeError("could not find an unused enterprise name")  # pragma: no cover


def institution_name(rng: random.Random, kind: str, province: str, city: str, trade_words: tuple[str, ...],
                     used: Seen) -> str:
    """A name in the style of its kind, unique within ``used`` (which it extends). The public
    institutes of a city or province are few; past them the names are those of companies."""
    for attempt in range(200):
        word = rng.choice(trade_words)
        if kind == "association":
            forms = (f"{province}{word}行业协会", f"{city}{word}协会", f"{province}{word}工业协会", f"{city}{word}商会")
        elif kind == "standards_institute":
            forms = (f"{province}标准化研究院", f"{city}标准化研究院", f"{city}标准化协会",
                     f"{province}质量和标准化研究院", f"{city}{word}标准化技术委员会秘书处")
        elif kind == "testing_lab":
            forms = (f"{city}计量质量检测研究院", f"{province}产品质量监督检验研究院",
                     f"{city}{word}产品质量检验检测中心", f"{province}{word}产品质量检验中心",
                     f"{city}{trade_name(rng)}检测技术股份有限公司", f"{trade_name(rng)}检验认证集团{city}有限公司")
        elif kind == "certification_body":
            forms = (f"{trade_name(rng)}认证有限公司", f"{city}{trade_name(rng)}质量认证中心",
                     f"{province}{trade_name(rng)}认证服务有限公司")
        else:
            forms = (f"{city}{trade_name(rng)}标准化技术服务有限公司", f"{city}{trade_name(rng)}质量技术咨询有限公司",
                     f"{province}{trade_name(rng)}企业管理咨询有限公司")
        if attempt >= 50:
            forms = (f"{city}{trade_name(rng)}{word}{KIND_COMPANY_SUFFIX.get(kind, '技术服务有限公司')}",)
        name = rng.choice(forms)
        if name not in used:
            used.add(name)
            return name
    raise RuntimeError("could not find an unused institution name")  # pragma: no cover


KIND_COMPANY_SUFFIX = {"association": "产业促进会", "standards_institute": "标准化研究院有限公司",
                       "testing_lab": "检测技术有限公司", "certification_body": "认证有限公司"}


def brand(rng: random.Random) -> str:
    return rng.choice(BRAND_FIRST) + rng.choice(BRAND_SECOND)


def model_code(rng: random.Random) -> str:
    letters = rng.choice(MODEL_LETTERS) + rng.choice(MODEL_LETTERS)
    number = rng.randrange(100, 9999)
    suffix = rng.choice(("", "", "", "A", "B", "Pro", "S", "Plus", "-II"))
    return f"{letters}-{number}{suffix}"


def product_name(rng: random.Random, category_name: str, brand_name: str) -> str:
    """A product as an enterprise names it on its result: '{品牌}牌{类别}' or a series name."""
    series = rng.choice(("", "", "", "经典系列", "尊享系列", "Pro 系列", "精品系列"))
    return f"{brand_name}牌{category_name}{series}"


def phone(rng: random.Random, area_code: str) -> str:
    if rng.random() < 0.55:
        return f"1{rng.choice('35789')}{rng.randrange(10**8, 10**9)}"
    return f"0{area_code}-{rng.randrange(10**7, 10**8)}"


def email(rng: random.Random, serial: int) -> str:
    domain = rng.choice(("163.com", "126.com", "qq.com", "sina.com", "example.cn"))
    return f"contact{serial:06d}@{domain}"


ROAD_WORDS = ("人民", "建设", "解放", "中山", "和平", "新华", "长江", "黄河", "工业", "科技", "创业", "朝阳", "光明",
              "文化", "迎宾", "开发")


def address(rng: random.Random, province: str, city: str, county: str) -> str:
    road = rng.choice(ROAD_WORDS) + rng.choice(("路", "大道", "街", "东路", "西路", "北路", "南路"))
    parts = [province if province != city else "", city, county if county != city else ""]
    return "".join(parts) + f"{road}{rng.randrange(1, 999)}号"
