"""What the synthetic catalogue is made of: indicator templates, and per GB/T 4754-2017 division
the trade words of enterprise names, the products (or services) and their qualifiers, with the
English of every product and qualifier for the English pages.

Plain data. Limits are plausible orders of magnitude, not quotations of any standard: the cited,
real limits live in ``standards/seed_data``; everything built from this module is synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IndicatorTemplate:
    key: str
    name_zh: str
    name_en: str
    unit: str
    direction: str  # higher_better | lower_better | range | pass_fail
    base: float = 0.0  # the national (baseline) limit; for a range its lower bound
    upper: float = 0.0  # a range's upper bound
    step: float = 0.08  # how much stricter each more advanced standard is, relative
    condition: str = ""  # the test condition every standard of a plan states it at
    condition_en: str = ""  # the same condition on English pages
    # A unit foreign standards state the limit in, with the factor to the template's unit.
    alt_unit: str = ""
    alt_factor: float = 1.0

    @property
    def is_difference(self) -> bool:
        """A temperature rise (温升): °C and K convert by a factor, not by 273.15."""
        return self.key.endswith("_rise")


def _t(*args, **kwargs) -> IndicatorTemplate:
    return IndicatorTemplate(*args, **kwargs)


HB, LB, RANGE, PF = "higher_better", "lower_better", "range", "pass_fail"

INDICATOR_TEMPLATES: tuple[IndicatorTemplate, ...] = (
    # any physical product
    _t("appearance_quality", "外观质量", "Appearance", "", PF),
    _t("marking_and_packaging", "标志与包装", "Marking and packaging", "", PF),
    _t("net_content_deviation", "净含量负偏差", "Net content shortfall", "%", LB, 4.5, step=0.15),
    # farm and food
    _t("crude_protein", "粗蛋白质含量", "Crude protein content", "%", HB, 12.0, step=0.06),
    _t("moisture_content", "水分", "Moisture content", "%", LB, 14.0, step=0.06),
    _t("impurity_content", "杂质含量", "Impurity content", "%", LB, 1.0, step=0.15),
    _t("imperfect_kernels", "不完善粒", "Imperfect kernels", "%", LB, 6.0, step=0.12),
    _t("soluble_solids", "可溶性固形物", "Soluble solids", "%", HB, 11.0, step=0.05),
    _t("single_fruit_mass", "单果质量", "Single fruit mass", "g", HB, 150.0, step=0.08, alt_unit="kg",
       alt_factor=1000.0),
    _t("salt_content", "食盐含量", "Salt content", "%", LB, 3.0, step=0.1),
    _t("fat_content", "脂肪含量", "Fat content", "%", HB, 3.1, step=0.04),
    _t("storage_temperature", "贮存温度", "Storage temperature", "°C", RANGE, 0.0, 8.0, step=0.1),
    # textiles, clothing, leather
    _t("breaking_strength", "断裂强力", "Breaking strength", "N", HB, 300.0, step=0.1, condition="经向",
       condition_en="warp direction"),
    _t("colour_fastness_washing", "耐洗色牢度", "Colour fastness to washing", "", HB, 3.0, step=0.12),
    _t("pilling_resistance", "起球等级", "Pilling resistance", "", HB, 3.0, step=0.1),
    _t("ph_value", "pH 值", "pH value", "", RANGE, 4.0, 8.5, step=0.06),
    _t("dimensional_change", "水洗尺寸变化率", "Dimensional change on washing", "%", RANGE, -3.0, 3.0, step=0.2),
    _t("fibre_content_deviation", "纤维含量偏差", "Fibre content deviation", "%", LB, 5.0, step=0.15),
    # wood, furniture, paper, building materials
    _t("formaldehyde_emission", "甲醛释放量", "Formaldehyde emission", "mg/m3", LB, 0.124, step=0.25,
       condition="气候箱法", condition_en="climate chamber method"),
    _t("tvoc_emission", "TVOC 释放量", "TVOC emission", "mg/m3", LB, 0.5, step=0.2, condition="72 h",
       condition_en="72 h"),
    _t("water_absorption", "吸水率", "Water absorption", "%", LB, 0.5, step=0.15),
    _t("thickness_deviation", "厚度偏差", "Thickness deviation", "mm", LB, 0.3, step=0.15),
    _t("whiteness", "白度", "Whiteness", "%", HB, 80.0, step=0.04),
    _t("flush_volume", "平均用水量", "Average water use", "L", LB, 6.4, step=0.1, alt_unit="mL",
       alt_factor=0.001),
    # chemicals and materials
    _t("main_content", "主含量", "Main component content", "%", HB, 98.0, step=0.3),
    _t("ash_content", "灰分", "Ash content", "%", LB, 0.1, step=0.2),
    _t("heating_loss", "加热减量", "Loss on heating", "%", LB, 0.5, step=0.15),
    _t("tensile_force", "拉断力", "Breaking force", "N", HB, 1200.0, step=0.08),
    _t("dimensional_tolerance", "尺寸公差", "Dimensional tolerance", "mm", LB, 0.05, step=0.2),
    _t("burst_pressure", "爆破压力", "Burst pressure", "Pa", HB, 2.4e6, step=0.08, alt_unit="mbar",
       alt_factor=100.0),
    # household appliances, electrical equipment
    _t("standby_power", "待机功率", "Standby power", "W", LB, 1.0, step=0.2),
    _t("energy_per_cycle", "单位周期耗电量", "Energy per cycle", "kWh", LB, 1.2, step=0.1),
    _t("operating_noise", "运行噪声", "Operating noise", "dB(A)", LB, 55.0, step=0.05, condition="1 m",
       condition_en="1 m"),
    _t("surface_temperature_rise", "表面温升", "Surface temperature rise", "K", LB, 60.0, step=0.08),
    _t("energy_efficiency", "能源效率", "Energy efficiency", "%", HB, 85.0, step=0.25),
    _t("water_use_per_cycle", "单位周期用水量", "Water use per cycle", "L", LB, 12.0, step=0.1),
    _t("air_flow", "风量", "Air flow", "m3/min", HB, 6.0, step=0.08),
    # machinery, vehicles, instruments, electronics
    _t("rated_flow", "额定流量", "Rated flow", "L/min", HB, 100.0, step=0.08, alt_unit="mL/min",
       alt_factor=0.001),
    _t("working_pressure", "额定工作压力", "Rated working pressure", "Pa", HB, 1.0e6, step=0.1,
       alt_unit="mbar", alt_factor=100.0),
    _t("machine_mass", "整机质量", "Machine mass", "kg", LB, 120.0, step=0.06, alt_unit="g",
       alt_factor=0.001),
    _t("response_time", "响应时间", "Response time", "s", LB, 2.0, step=0.2),
    _t("operating_temperature", "工作温度范围", "Operating temperature", "°C", RANGE, -10.0, 40.0, step=0.1),
    _t("fuel_consumption", "百公里综合燃料消耗量", "Combined fuel consumption per 100 km", "L", LB, 6.5,
       step=0.08, condition="WLTC", condition_en="WLTC"),
    _t("pass_by_noise", "加速行驶车外噪声", "Pass-by noise", "dB(A)", LB, 74.0, step=0.03),
    _t("measurement_error", "示值误差", "Indication error", "%", LB, 2.0, step=0.25),
    _t("ingress_protection", "防护等级试验", "Ingress protection test", "", PF),
    # utilities
    _t("supply_reliability", "供电可靠率", "Supply reliability", "%", HB, 99.8, step=0.3),
    _t("voltage_compliance", "电压合格率", "Voltage compliance rate", "%", HB, 98.0, step=0.3),
    _t("turbidity", "浑浊度", "Turbidity (NTU)", "", LB, 1.0, step=0.2),
    # services
    _t("customer_satisfaction", "顾客满意度", "Customer satisfaction", "%", HB, 80.0, step=0.2),
    _t("on_time_rate", "准时率", "On-time rate", "%", HB, 95.0, step=0.3),
    _t("complaint_rate", "有效投诉率", "Valid complaint rate", "%", LB, 0.5, step=0.25),
    _t("service_response_time", "服务响应时间", "Service response time", "s", LB, 30.0, step=0.2),
    _t("error_rate", "差错率", "Error rate", "%", LB, 0.1, step=0.25),
    _t("availability", "系统可用性", "System availability", "%", HB, 99.5, step=0.3),
    _t("damage_rate", "破损率", "Damage rate", "%", LB, 0.05, step=0.25),
)

TEMPLATES_BY_KEY = {t.key: t for t in INDICATOR_TEMPLATES}

FAMILIES: dict[str, tuple[str, ...]] = {
    "farm": ("crude_protein", "moisture_content", "impurity_content", "imperfect_kernels", "soluble_solids",
             "single_fruit_mass", "appearance_quality", "net_content_deviation"),
    "food": ("moisture_content", "salt_content", "fat_content", "crude_protein", "storage_temperature",
             "net_content_deviation", "impurity_content", "marking_and_packaging"),
    "textile": ("breaking_strength", "colour_fastness_washing", "pilling_resistance", "ph_value",
                "dimensional_change", "fibre_content_deviation", "appearance_quality"),
    "wood": ("formaldehyde_emission", "tvoc_emission", "moisture_content", "thickness_deviation",
             "water_absorption", "appearance_quality", "marking_and_packaging"),
    "paper": ("whiteness", "moisture_content", "ash_content", "tensile_force", "thickness_deviation",
              "appearance_quality"),
    "chemical": ("main_content", "moisture_content", "ash_content", "heating_loss", "impurity_content",
                 "ph_value", "marking_and_packaging"),
    "material": ("tensile_force", "dimensional_tolerance", "burst_pressure", "thickness_deviation",
                 "water_absorption", "main_content", "appearance_quality"),
    "building": ("water_absorption", "formaldehyde_emission", "flush_volume", "thickness_deviation",
                 "tensile_force", "tvoc_emission", "appearance_quality"),
    "appliance": ("standby_power", "energy_per_cycle", "operating_noise", "surface_temperature_rise",
                  "energy_efficiency", "water_use_per_cycle", "air_flow", "marking_and_packaging"),
    "machine": ("rated_flow", "working_pressure", "operating_noise", "machine_mass", "energy_efficiency",
                "dimensional_tolerance", "ingress_protection"),
    "vehicle": ("fuel_consumption", "pass_by_noise", "machine_mass", "operating_temperature",
                "energy_efficiency", "appearance_quality"),
    "electronic": ("standby_power", "response_time", "operating_temperature", "measurement_error",
                   "energy_efficiency", "ingress_protection", "operating_noise"),
    "medical": ("measurement_error", "response_time", "ph_value", "breaking_strength", "operating_noise",
                "ingress_protection", "marking_and_packaging"),
    "utility": ("supply_reliability", "voltage_compliance", "turbidity", "customer_satisfaction",
                "complaint_rate", "service_response_time"),
    "service": ("customer_satisfaction", "on_time_rate", "complaint_rate", "service_response_time",
                "error_rate", "availability", "damage_rate"),
}


@dataclass(frozen=True)
class DivisionCatalogue:
    family: str
    trade_words: tuple[str, ...]  # the 行业词 of enterprise names
    products: tuple[str, ...]
    qualifiers: tuple[str, ...]
    # (qualifier, the only products it fits) for a qualifier that does not fit every product:
    # 高筋 flour and noodles, not 高筋 sugar.
    only: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def pairs(self) -> list[tuple[str, str]]:
        """(qualifier, product) of every category name the division makes, "" for the bare product."""
        only = dict(self.only)
        return [(q, p) for p in self.products for q in ("", *self.qualifiers) if not q or p in only.get(q, (p,))]


def _d(family: str, trade: str, products: str, qualifiers: str = "") -> DivisionCatalogue:
    """Words separated by spaces; a qualifier written ``高筋:小麦粉/挂面`` fits only the products named."""
    words, only = [], []
    for token in qualifiers.split():
        word, _, fits = token.partition(":")
        words.append(word)
        if fits:
            only.append((word, tuple(fits.split("/"))))
    return DivisionCatalogue(family, tuple(trade.split()), tuple(products.split()), tuple(words), tuple(only))


# Divisions that have product categories. Sector 1: 01–04; sector 2: mining, manufacturing,
# utilities, construction; sector 3: services (the campaign benchmarks service quality too).
DIVISIONS: dict[str, DivisionCatalogue] = {
    "01": _d("farm", "农业 农产品 种业 生态农业", "大米 小麦 玉米 茶叶 柑橘 苹果 猕猴桃 食用菌 蔬菜 马铃薯 花生 油菜籽",
             "有机 绿色 富硒 地理标志"),
    "02": _d("farm", "林业 林产品 苗木", "油茶籽 板栗 核桃 竹笋 苗木 松籽",
             "野生:油茶籽/板栗/核桃/竹笋/松籽 有机:油茶籽/板栗/核桃/竹笋/松籽 良种:油茶籽/板栗/核桃/苗木"),
    "03": _d("farm", "畜牧 养殖 牧业", "生猪 肉牛 肉羊 鸡蛋 生鲜乳 蜂蜜 肉鸡",
             "生态 散养:生猪/肉牛/肉羊/鸡蛋/肉鸡 无抗"),
    "04": _d("farm", "水产 渔业 海洋", "对虾 大黄鱼 河蟹 海参 鳗鱼 罗非鱼 紫菜",
             "养殖 生态 冰鲜:对虾/大黄鱼/海参/鳗鱼/罗非鱼"),
    "06": _d("material", "煤业 能源 矿业", "动力煤 炼焦精煤 洗精煤 型煤", "低硫 低灰"),
    "08": _d("material", "矿业 铁矿", "铁精粉 球团矿 锰矿石", "高品位"),
    "09": _d("material", "矿业 有色矿业", "铜精矿 锌精矿 钨精矿 稀土精矿", "高品位"),
    "10": _d("material", "矿业 石材 建材", "石灰石 石英砂 花岗岩荒料 高岭土 萤石粉",
             "高纯:石灰石/石英砂/高岭土/萤石粉 精制:石英砂/高岭土/萤石粉"),
    "13": _d("food", "粮油 食品 饲料 农产品加工",
             "食用植物油 小麦粉 大米制品 配合饲料 冷鲜猪肉 淀粉 食糖 速冻水产品 挂面",
             "一级:食用植物油/小麦粉/淀粉/食糖 高筋:小麦粉/挂面 低脂:冷鲜猪肉 有机:食用植物油/小麦粉/大米制品/挂面"),
    "14": _d("food", "食品 乳业 调味品 烘焙", "婴幼儿配方乳粉 酱油 食醋 饼干 方便面 速冻饺子 月饼 蛋糕 调味酱 糖果",
             "低盐:酱油/方便面/速冻饺子/调味酱/饼干 低糖:饼干/月饼/蛋糕/糖果 "
             "无添加:酱油/食醋/饼干/速冻饺子/月饼/蛋糕/调味酱 儿童:酱油/饼干/速冻饺子/糖果 "
             "有机:婴幼儿配方乳粉/酱油/食醋"),
    "15": _d("food", "酒业 饮料 茶业", "白酒 啤酒 葡萄酒 黄酒 包装饮用水 果汁饮料 茶饮料 绿茶 普洱茶 红茶",
             "浓香型:白酒 清香型:白酒 低醇:啤酒/葡萄酒/黄酒 无糖:茶饮料 有机:绿茶/普洱茶/红茶/葡萄酒"),
    "16": _d("food", "烟草", "卷烟 烟丝", "细支:卷烟 中支:卷烟"),
    "17": _d("textile", "纺织 无纺布 织造 防护用品",
             "纯棉纱线 涤纶长丝织物 熔喷非织造布 纺粘非织造布 床上用品 毛巾 家用纺织品 产业用帆布",
             "高支:纯棉纱线/床上用品/毛巾 "
             "抗菌:纯棉纱线/涤纶长丝织物/熔喷非织造布/纺粘非织造布/床上用品/毛巾/家用纺织品 "
             "阻燃:纯棉纱线/涤纶长丝织物/纺粘非织造布/床上用品/家用纺织品/产业用帆布 "
             "医用:纯棉纱线/熔喷非织造布/纺粘非织造布/床上用品"),
    "18": _d("textile", "服饰 服装 制衣", "衬衫 西服 羽绒服 针织内衣 婴幼儿服装 运动服 牛仔服装 职业服",
             "男式:衬衫/西服/羽绒服/针织内衣/运动服/牛仔服装/职业服 "
             "女式:衬衫/西服/羽绒服/针织内衣/运动服/牛仔服装/职业服 儿童:衬衫/西服/羽绒服/针织内衣/运动服/牛仔服装 "
             "功能性:衬衫/羽绒服/针织内衣/运动服/职业服"),
    "19": _d("textile", "皮革 鞋业 制鞋 羽绒", "皮鞋 运动鞋 旅游鞋 箱包 羽绒 皮革 儿童鞋",
             "真皮:运动鞋/旅游鞋/箱包/儿童鞋 轻便:皮鞋/运动鞋/旅游鞋/箱包/儿童鞋 防滑:皮鞋/运动鞋/旅游鞋/儿童鞋 "
             "透气:运动鞋/旅游鞋/儿童鞋"),
    "20": _d("wood", "木业 竹业 人造板", "胶合板 刨花板 中密度纤维板 实木复合地板 竹地板 木门", "无醛 防潮 阻燃"),
    "21": _d("wood", "家具 家居 木业", "实木家具 办公家具 床垫 软体沙发 儿童家具 橱柜 衣柜",
             "定制:实木家具/办公家具/床垫/儿童家具/橱柜/衣柜 环保 智能:办公家具/床垫/软体沙发/橱柜/衣柜"),
    "22": _d("paper", "纸业 包装", "生活用纸 瓦楞纸箱 文化用纸 纸杯 白卡纸 卫生巾",
             "本色:生活用纸/文化用纸/纸杯 竹浆:生活用纸/文化用纸/纸杯/卫生巾 可降解:纸杯/卫生巾"),
    "23": _d("paper", "印务 印刷", "书刊印刷品 包装印刷品 票据印刷品", "环保"),
    "24": _d("material", "文体 玩具 体育用品 工艺", "塑料玩具 乒乓球 羽毛球 健身器材 书写笔 学生文具 乐器 毛绒玩具",
             "儿童:健身器材/书写笔/乐器 专业:健身器材/乐器 比赛用:乒乓球/羽毛球 "
             "环保:塑料玩具/毛绒玩具/学生文具/书写笔"),
    "25": _d("chemical", "石化 能源 燃料", "车用汽油 车用柴油 润滑油 沥青 焦炭 液化石油气",
             "国六:车用汽油/车用柴油 低硫:车用汽油/车用柴油/焦炭 高标号:车用汽油"),
    "26": _d("chemical", "化工 化学 新材料 涂料 日化",
             "聚氯乙烯树脂 钛白粉 纯碱 烧碱 复合肥料 建筑涂料 胶粘剂 洗衣液 牙膏 化妆品 农药制剂 硫酸",
             "工业用:聚氯乙烯树脂/钛白粉/纯碱/烧碱/硫酸 高纯:钛白粉/烧碱/硫酸 "
             "环保型:复合肥料/建筑涂料/胶粘剂/洗衣液/农药制剂 水性:建筑涂料/胶粘剂/农药制剂 无磷:洗衣液 "
             "低VOC:建筑涂料/胶粘剂"),
    "27": _d("medical", "药业 制药 生物 医疗",
             "化学药品制剂 中成药 医用防护服 医用敷料 医用口罩 一次性使用输液器 诊断试剂 消毒剂",
             "一次性:医用防护服/医用敷料/医用口罩 无菌:化学药品制剂/医用防护服/医用敷料/一次性使用输液器 "
             "儿童用:化学药品制剂/中成药/医用口罩"),
    "28": _d("textile", "化纤 纤维", "涤纶短纤维 锦纶长丝 粘胶短纤维 氨纶", "差别化 再生:涤纶短纤维/锦纶长丝"),
    "29": _d("material", "塑料 橡胶 管业", "轮胎 输送带 塑料管材 塑料薄膜 橡胶密封件 一次性餐饮具 塑料编织袋",
             "全钢:轮胎 半钢:轮胎 耐磨:轮胎/输送带 可降解:塑料薄膜/一次性餐饮具/塑料编织袋 "
             "耐高温:输送带/塑料管材/橡胶密封件"),
    "30": _d("building", "建材 陶瓷 水泥 玻璃",
             "通用硅酸盐水泥 陶瓷砖 卫生陶瓷 智能马桶盖 浮法玻璃 石膏板 商品混凝土 岩棉板",
             "节水型:卫生陶瓷/智能马桶盖 低碳:通用硅酸盐水泥/陶瓷砖/浮法玻璃/石膏板/商品混凝土 超白:浮法玻璃 "
             "抗菌:陶瓷砖/卫生陶瓷/智能马桶盖"),
    "31": _d("material", "钢铁 特钢 金属", "热轧钢筋 冷轧薄板 不锈钢板 无缝钢管 优质碳素结构钢 镀锌板",
             "高强 耐候:热轧钢筋/冷轧薄板 耐腐蚀:热轧钢筋/无缝钢管/镀锌板"),
    "32": _d("material", "铝业 铜业 有色金属", "铝合金型材 电解铜 铜管 铝箔 锂电池铜箔 稀土永磁材料",
             "高精:铝合金型材/铜管/铝箔/锂电池铜箔 超薄:铝箔/锂电池铜箔"),
    "33": _d("material", "五金 金属制品 不锈钢", "不锈钢餐具 锁具 紧固件 钢丝绳 金属门窗 刀剪 铝合金门窗",
             "食品级:不锈钢餐具 高强度:紧固件/钢丝绳 防盗:锁具/金属门窗/铝合金门窗"),
    "34": _d("machine", "机械 通用设备 泵业 阀门",
             "离心泵 工业阀门 空气压缩机 滚动轴承 工业锅炉 电梯 齿轮减速机 液压件 风机",
             "节能型:离心泵/空气压缩机/工业锅炉/电梯/齿轮减速机/风机 高效:离心泵/空气压缩机/工业锅炉/齿轮减速机/风机 "
             "智能:离心泵/工业阀门/空气压缩机/电梯 低噪声:离心泵/空气压缩机/齿轮减速机/风机"),
    "35": _d("machine", "装备 专用设备 医疗器械 农机",
             "挖掘机 拖拉机 收割机 注塑机 食品加工机械 医用呼吸机 监护仪 纺织机械 包装机械",
             "智能 电动:挖掘机/拖拉机 大型:挖掘机/拖拉机/收割机/注塑机 小型:挖掘机/拖拉机/收割机/注塑机"),
    "36": _d("vehicle", "汽车 汽配 新能源汽车", "乘用车 轻型货车 新能源客车 汽车制动器 汽车座椅 汽车轮毂 动力电池包",
             "纯电动:乘用车/轻型货车 智能网联:乘用车/新能源客车 插电混动:乘用车/新能源客车 "
             "轻量化:汽车制动器/汽车座椅/汽车轮毂/动力电池包"),
    "37": _d("vehicle", "船舶 轨道交通 航空 车业", "电动自行车 摩托车 城轨车辆配件 游艇 无人机 自行车",
             "折叠:电动自行车/无人机/自行车 电助力:自行车"),
    "38": _d("appliance", "电器 电气 电机 照明",
             "家用空调 电冰箱 洗衣机 电热水器 电饭锅 吸油烟机 LED灯具 电动机 电线电缆 锂离子电池 洗碗机 空气净化器",
             "变频:家用空调/电冰箱/洗衣机 静音:家用空调/电冰箱/洗衣机/吸油烟机/洗碗机/空气净化器 "
             "节能:家用空调/电冰箱/洗衣机/电热水器/电饭锅/吸油烟机/LED灯具/电动机/洗碗机/空气净化器 "
             "智能:家用空调/电冰箱/洗衣机/电热水器/电饭锅/吸油烟机/LED灯具/洗碗机/空气净化器 "
             "一级能效:家用空调/电冰箱/洗衣机/电热水器/电饭锅/吸油烟机/LED灯具/电动机/洗碗机"),
    "39": _d("electronic", "电子 通信 智能科技 信息",
             "智能手机 笔记本电脑 液晶电视 路由器 智能手表 移动电源 集成电路 印制电路板 监控摄像机",
             "折叠屏:智能手机 5G:智能手机/笔记本电脑/路由器 高清:液晶电视/监控摄像机 "
             "低功耗:笔记本电脑/路由器/智能手表/集成电路/监控摄像机"),
    "40": _d("electronic", "仪器 仪表 计量", "智能电能表 水表 燃气表 红外体温计 血压计 工业自动化仪表",
             "智能:水表/燃气表/血压计 高精度 远传:水表/燃气表"),
    "41": _d("material", "日用品 工艺品", "眼镜 假发制品 日用杂品 伞具", "时尚:眼镜/假发制品/伞具"),
    "42": _d("material", "再生资源 环保", "再生铝锭 再生塑料颗粒 再生纸浆", "高纯:再生铝锭"),
    "44": _d("utility", "电力 热力 能源", "城市供电服务 集中供热服务 光伏发电服务", "智能"),
    "45": _d("utility", "燃气 能源", "城镇燃气供应服务 液化天然气供应服务", ""),
    "46": _d("utility", "水务 供水", "城市供水服务 污水处理服务 直饮水供应服务", ""),
    "47": _d("building", "建设 建筑 建工", "装配式住宅建造 绿色建筑施工", "超低能耗"),
    "50": _d("building", "装饰 装修 幕墙", "住宅装修工程 建筑幕墙工程 防水工程", "全装修:住宅装修工程"),
    "52": _d("service", "商贸 零售 商业", "连锁超市服务 便利店服务 电子商务零售服务", "社区"),
    "54": _d("service", "运输 客运 物流", "城市公交服务 道路货物运输服务 出租汽车服务",
             "定制:城市公交服务/道路货物运输服务"),
    "59": _d("service", "物流 仓储 供应链", "仓储服务 冷链物流服务 危险品仓储服务", "智慧"),
    "60": _d("service", "快递 速递", "快递服务 同城即时配送服务", ""),
    "61": _d("service", "酒店 旅业 民宿", "酒店住宿服务 民宿服务 经济型酒店服务", "精品:酒店住宿服务/民宿服务"),
    "62": _d("service", "餐饮 饮食", "中式正餐服务 快餐服务 团体膳食服务 外卖配送服务", "连锁:中式正餐服务/快餐服务"),
    "64": _d("service", "网络 互联网 数字科技", "网络购物平台服务 在线教育平台服务 云存储服务", ""),
    "65": _d("service", "软件 信息技术 数据", "软件开发服务 信息系统集成服务 数据中心服务 信息技术运维服务", ""),
    "72": _d("service", "商务服务 咨询 会展", "会展服务 人力资源服务 检验检测服务 物业管理服务", ""),
    "78": _d("service", "园林 市政 环境", "城市公园管理服务 环卫保洁服务", ""),
    "80": _d("service", "家政 养老 居民服务", "家政服务 养老服务 洗染服务 美容美发服务", "居家:养老服务 社区"),
    "81": _d("service", "维修 售后服务", "家用电器维修服务 汽车维修服务 手机维修服务", ""),
    "84": _d("service", "医疗健康 健康管理", "健康体检服务 医学检验服务", ""),
    "89": _d("service", "体育 健身", "健身场馆服务 体育赛事服务", ""),
}

# The English of each product and qualifier as it reads within a sentence: lower case but for proper
# nouns and abbreviations ("Chinese mitten crabs", "LED luminaires"); a name is capitalised where it
# starts a title. A category is named qualifier first in English as in Chinese: 富硒大米
# "selenium-enriched rice".
PRODUCT_EN: dict[str, str] = {
    # 01
    "大米": "rice", "小麦": "wheat", "玉米": "maize", "茶叶": "tea", "柑橘": "citrus fruit", "苹果": "apples",
    "猕猴桃": "kiwifruit", "食用菌": "edible mushrooms", "蔬菜": "vegetables", "马铃薯": "potatoes", "花生": "peanuts",
    "油菜籽": "rapeseed",
    # 02
    "油茶籽": "oil-tea camellia seeds", "板栗": "chestnuts", "核桃": "walnuts", "竹笋": "bamboo shoots",
    "苗木": "nursery seedlings", "松籽": "pine nuts",
    # 03
    "生猪": "live pigs", "肉牛": "beef cattle", "肉羊": "meat sheep", "鸡蛋": "eggs", "生鲜乳": "raw milk",
    "蜂蜜": "honey", "肉鸡": "broiler chickens",
    # 04
    "对虾": "prawns", "大黄鱼": "large yellow croaker", "河蟹": "Chinese mitten crabs", "海参": "sea cucumbers",
    "鳗鱼": "eels", "罗非鱼": "tilapia", "紫菜": "laver",
    # 06
    "动力煤": "steam coal", "炼焦精煤": "clean coking coal", "洗精煤": "washed clean coal", "型煤": "coal briquettes",
    # 08
    "铁精粉": "iron ore concentrate", "球团矿": "iron ore pellets", "锰矿石": "manganese ore",
    # 09
    "铜精矿": "copper concentrate", "锌精矿": "zinc concentrate", "钨精矿": "tungsten concentrate",
    "稀土精矿": "rare earth concentrate",
    # 10
    "石灰石": "limestone", "石英砂": "quartz sand", "花岗岩荒料": "granite blocks", "高岭土": "kaolin",
    "萤石粉": "fluorspar powder",
    # 13
    "食用植物油": "edible vegetable oils", "小麦粉": "wheat flour", "大米制品": "rice products",
    "配合饲料": "compound feed", "冷鲜猪肉": "chilled pork", "淀粉": "starch", "食糖": "sugar",
    "速冻水产品": "quick-frozen aquatic products", "挂面": "dried noodles",
    # 14
    "婴幼儿配方乳粉": "infant formula milk powder", "酱油": "soy sauce", "食醋": "vinegar", "饼干": "biscuits",
    "方便面": "instant noodles", "速冻饺子": "quick-frozen dumplings", "月饼": "mooncakes", "蛋糕": "cakes",
    "调味酱": "seasoning sauces", "糖果": "confectionery",
    # 15
    "白酒": "baijiu", "啤酒": "beer", "葡萄酒": "wine", "黄酒": "Chinese rice wine",
    "包装饮用水": "packaged drinking water", "果汁饮料": "fruit juice drinks", "茶饮料": "tea beverages",
    "绿茶": "green tea", "普洱茶": "Pu'er tea", "红茶": "black tea",
    # 16
    "卷烟": "cigarettes", "烟丝": "cut tobacco",
    # 17
    "纯棉纱线": "pure cotton yarns", "涤纶长丝织物": "polyester filament fabrics",
    "熔喷非织造布": "melt-blown nonwovens", "纺粘非织造布": "spunbond nonwovens", "床上用品": "bedding",
    "毛巾": "towels", "家用纺织品": "home textiles", "产业用帆布": "industrial canvas",
    # 18
    "衬衫": "shirts", "西服": "suits", "羽绒服": "down jackets", "针织内衣": "knitted underwear",
    "婴幼儿服装": "infant and toddler clothing", "运动服": "sportswear", "牛仔服装": "denim garments",
    "职业服": "workwear",
    # 19
    "皮鞋": "leather shoes", "运动鞋": "sports shoes", "旅游鞋": "walking shoes", "箱包": "luggage and bags",
    "羽绒": "down and feather", "皮革": "leather", "儿童鞋": "children's shoes",
    # 20
    "胶合板": "plywood", "刨花板": "particleboard", "中密度纤维板": "medium-density fibreboard",
    "实木复合地板": "engineered wood flooring", "竹地板": "bamboo flooring", "木门": "wooden doors",
    # 21
    "实木家具": "solid wood furniture", "办公家具": "office furniture", "床垫": "mattresses",
    "软体沙发": "upholstered sofas", "儿童家具": "children's furniture", "橱柜": "kitchen cabinets",
    "衣柜": "wardrobes",
    # 22
    "生活用纸": "tissue paper", "瓦楞纸箱": "corrugated boxes", "文化用纸": "printing and writing paper",
    "纸杯": "paper cups", "白卡纸": "white cardboard", "卫生巾": "sanitary napkins",
    # 23
    "书刊印刷品": "printed books and periodicals", "包装印刷品": "printed packaging",
    "票据印刷品": "printed business forms",
    # 24
    "塑料玩具": "plastic toys", "乒乓球": "table tennis balls", "羽毛球": "shuttlecocks",
    "健身器材": "fitness equipment", "书写笔": "pens", "学生文具": "school stationery", "乐器": "musical instruments",
    "毛绒玩具": "plush toys",
    # 25
    "车用汽油": "motor gasoline", "车用柴油": "automotive diesel", "润滑油": "lubricating oils", "沥青": "bitumen",
    "焦炭": "coke", "液化石油气": "liquefied petroleum gas",
    # 26
    "聚氯乙烯树脂": "PVC resin", "钛白粉": "titanium dioxide", "纯碱": "soda ash", "烧碱": "caustic soda",
    "复合肥料": "compound fertilisers", "建筑涂料": "architectural coatings", "胶粘剂": "adhesives",
    "洗衣液": "liquid laundry detergents", "牙膏": "toothpaste", "化妆品": "cosmetics",
    "农药制剂": "pesticide formulations", "硫酸": "sulphuric acid",
    # 27
    "化学药品制剂": "chemical drug preparations", "中成药": "Chinese patent medicines",
    "医用防护服": "medical protective clothing", "医用敷料": "medical dressings", "医用口罩": "medical face masks",
    "一次性使用输液器": "single-use infusion sets", "诊断试剂": "diagnostic reagents", "消毒剂": "disinfectants",
    # 28
    "涤纶短纤维": "polyester staple fibre", "锦纶长丝": "nylon filament yarn", "粘胶短纤维": "viscose staple fibre",
    "氨纶": "elastane",
    # 29
    "轮胎": "tyres", "输送带": "conveyor belts", "塑料管材": "plastic pipes", "塑料薄膜": "plastic films",
    "橡胶密封件": "rubber seals", "一次性餐饮具": "disposable tableware", "塑料编织袋": "woven plastic bags",
    # 30
    "通用硅酸盐水泥": "common Portland cement", "陶瓷砖": "ceramic tiles", "卫生陶瓷": "ceramic sanitary ware",
    "智能马桶盖": "smart toilet seat covers", "浮法玻璃": "float glass", "石膏板": "gypsum board",
    "商品混凝土": "ready-mixed concrete", "岩棉板": "rock wool boards",
    # 31
    "热轧钢筋": "hot-rolled rebar", "冷轧薄板": "cold-rolled steel sheet", "不锈钢板": "stainless steel plates",
    "无缝钢管": "seamless steel tubes", "优质碳素结构钢": "quality carbon structural steel",
    "镀锌板": "galvanised steel sheet",
    # 32
    "铝合金型材": "aluminium alloy extrusions", "电解铜": "cathode copper", "铜管": "copper tubes",
    "铝箔": "aluminium foil", "锂电池铜箔": "lithium battery copper foil",
    "稀土永磁材料": "rare earth permanent magnets",
    # 33
    "不锈钢餐具": "stainless steel tableware", "锁具": "locks", "紧固件": "fasteners", "钢丝绳": "steel wire ropes",
    "金属门窗": "metal doors and windows", "刀剪": "knives and scissors",
    "铝合金门窗": "aluminium alloy doors and windows",
    # 34
    "离心泵": "centrifugal pumps", "工业阀门": "industrial valves", "空气压缩机": "air compressors",
    "滚动轴承": "rolling bearings", "工业锅炉": "industrial boilers", "电梯": "lifts", "齿轮减速机": "gear reducers",
    "液压件": "hydraulic components", "风机": "industrial fans",
    # 35
    "挖掘机": "excavators", "拖拉机": "tractors", "收割机": "combine harvesters",
    "注塑机": "injection moulding machines", "食品加工机械": "food processing machinery",
    "医用呼吸机": "medical ventilators", "监护仪": "patient monitors", "纺织机械": "textile machinery",
    "包装机械": "packaging machinery",
    # 36
    "乘用车": "passenger cars", "轻型货车": "light trucks", "新能源客车": "new energy buses",
    "汽车制动器": "automotive brakes", "汽车座椅": "automotive seats", "汽车轮毂": "automotive wheels",
    "动力电池包": "traction battery packs",
    # 37
    "电动自行车": "electric bicycles", "摩托车": "motorcycles", "城轨车辆配件": "urban rail vehicle parts",
    "游艇": "yachts", "无人机": "civil drones", "自行车": "bicycles",
    # 38
    "家用空调": "room air conditioners", "电冰箱": "household refrigerators", "洗衣机": "washing machines",
    "电热水器": "electric water heaters", "电饭锅": "electric rice cookers", "吸油烟机": "range hoods",
    "LED灯具": "LED luminaires", "电动机": "electric motors", "电线电缆": "wires and cables",
    "锂离子电池": "lithium-ion batteries", "洗碗机": "dishwashers", "空气净化器": "air purifiers",
    # 39
    "智能手机": "smartphones", "笔记本电脑": "notebook computers", "液晶电视": "LCD televisions", "路由器": "routers",
    "智能手表": "smartwatches", "移动电源": "power banks", "集成电路": "integrated circuits",
    "印制电路板": "printed circuit boards", "监控摄像机": "surveillance cameras",
    # 40
    "智能电能表": "smart electricity meters", "水表": "water meters", "燃气表": "gas meters",
    "红外体温计": "infrared thermometers", "血压计": "blood pressure monitors",
    "工业自动化仪表": "industrial automation instruments",
    # 41
    "眼镜": "eyewear", "假发制品": "wigs and hairpieces", "日用杂品": "household sundries", "伞具": "umbrellas",
    # 42
    "再生铝锭": "recycled aluminium ingots", "再生塑料颗粒": "recycled plastic pellets", "再生纸浆": "recycled pulp",
    # 44
    "城市供电服务": "urban electricity supply services", "集中供热服务": "district heating services",
    "光伏发电服务": "photovoltaic power generation services",
    # 45
    "城镇燃气供应服务": "town gas supply services", "液化天然气供应服务": "LNG supply services",
    # 46
    "城市供水服务": "urban water supply services", "污水处理服务": "wastewater treatment services",
    "直饮水供应服务": "direct drinking water supply services",
    # 47
    "装配式住宅建造": "prefabricated housing construction", "绿色建筑施工": "green building construction",
    # 50
    "住宅装修工程": "residential decoration works", "建筑幕墙工程": "curtain wall works",
    "防水工程": "waterproofing works",
    # 52
    "连锁超市服务": "chain supermarket services", "便利店服务": "convenience store services",
    "电子商务零售服务": "e-commerce retail services",
    # 54
    "城市公交服务": "urban bus services", "道路货物运输服务": "road freight transport services",
    "出租汽车服务": "taxi services",
    # 59
    "仓储服务": "warehousing services", "冷链物流服务": "cold chain logistics services",
    "危险品仓储服务": "dangerous goods warehousing services",
    # 60
    "快递服务": "express delivery services", "同城即时配送服务": "same-city on-demand delivery services",
    # 61
    "酒店住宿服务": "hotel accommodation services", "民宿服务": "homestay services",
    "经济型酒店服务": "budget hotel services",
    # 62
    "中式正餐服务": "Chinese full-service restaurant services", "快餐服务": "fast food services",
    "团体膳食服务": "institutional catering services", "外卖配送服务": "food delivery services",
    # 64
    "网络购物平台服务": "online shopping platform services", "在线教育平台服务": "online education platform services",
    "云存储服务": "cloud storage services",
    # 65
    "软件开发服务": "software development services", "信息系统集成服务": "information system integration services",
    "数据中心服务": "data centre services", "信息技术运维服务": "IT operation and maintenance services",
    # 72
    "会展服务": "exhibition and convention services", "人力资源服务": "human resources services",
    "检验检测服务": "inspection and testing services", "物业管理服务": "property management services",
    # 78
    "城市公园管理服务": "urban park management services", "环卫保洁服务": "sanitation and cleaning services",
    # 80
    "家政服务": "housekeeping services", "养老服务": "elderly care services", "洗染服务": "laundry and dyeing services",
    "美容美发服务": "beauty and hairdressing services",
    # 81
    "家用电器维修服务": "household appliance repair services", "汽车维修服务": "motor vehicle repair services",
    "手机维修服务": "mobile phone repair services",
    # 84
    "健康体检服务": "health check-up services", "医学检验服务": "medical laboratory services",
    # 89
    "健身场馆服务": "fitness venue services", "体育赛事服务": "sports event services",
}
QUALIFIER_EN: dict[str, str] = {
    "有机": "organic", "绿色": "Green Food-certified", "富硒": "selenium-enriched",
    "地理标志": "geographical indication", "野生": "wild", "良种": "improved-variety", "生态": "eco-farmed",
    "散养": "free-range", "无抗": "antibiotic-free", "养殖": "farmed", "冰鲜": "chilled", "低硫": "low-sulphur",
    "低灰": "low-ash", "高品位": "high-grade", "高纯": "high-purity", "精制": "refined", "一级": "grade 1",
    "高筋": "high-gluten", "低脂": "low-fat", "低盐": "low-salt", "低糖": "low-sugar", "无添加": "additive-free",
    "儿童": "children's", "浓香型": "strong-flavour", "清香型": "light-flavour", "低醇": "low-alcohol",
    "无糖": "sugar-free", "细支": "slim", "中支": "mid-slim", "高支": "high-count", "抗菌": "antibacterial",
    "阻燃": "flame-retardant", "医用": "medical", "男式": "men's", "女式": "women's", "功能性": "functional",
    "真皮": "genuine leather", "轻便": "lightweight", "防滑": "slip-resistant", "透气": "breathable",
    "无醛": "formaldehyde-free", "防潮": "moisture-resistant", "定制": "customised", "环保": "eco-friendly",
    "智能": "smart", "本色": "unbleached", "竹浆": "bamboo pulp", "可降解": "biodegradable", "专业": "professional",
    "比赛用": "competition", "国六": "China VI", "高标号": "high-octane", "工业用": "industrial-grade",
    "环保型": "eco-friendly", "水性": "water-based", "无磷": "phosphate-free", "低VOC": "low-VOC",
    "一次性": "disposable", "无菌": "sterile", "儿童用": "paediatric", "差别化": "differentiated", "再生": "recycled",
    "全钢": "all-steel", "半钢": "semi-steel", "耐磨": "wear-resistant", "耐高温": "heat-resistant",
    "节水型": "water-saving", "低碳": "low-carbon", "超白": "ultra-clear", "高强": "high-strength",
    "耐候": "weathering", "耐腐蚀": "corrosion-resistant", "高精": "high-precision", "超薄": "ultra-thin",
    "食品级": "food-grade", "高强度": "high-strength", "防盗": "security", "节能型": "energy-saving",
    "高效": "high-efficiency", "低噪声": "low-noise", "电动": "electric", "大型": "large", "小型": "compact",
    "纯电动": "battery electric", "智能网联": "intelligent connected", "插电混动": "plug-in hybrid",
    "轻量化": "lightweight", "折叠": "folding", "电助力": "pedal-assist", "变频": "inverter", "静音": "quiet",
    "节能": "energy-saving", "一级能效": "grade 1 energy efficiency", "折叠屏": "foldable", "5G": "5G",
    "高清": "high-definition", "低功耗": "low-power", "高精度": "high-accuracy", "远传": "remote-reading",
    "时尚": "fashion", "超低能耗": "ultra-low-energy", "全装修": "turnkey", "社区": "community", "智慧": "smart",
    "精品": "boutique", "连锁": "chain", "居家": "home-based",
}

# Where the real seed categories sit (see the PlanSeed.industry_division notes).
FAMILY_OF_SECTOR = {1: "farm", 2: "material", 3: "service"}
