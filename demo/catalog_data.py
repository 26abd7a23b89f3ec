"""What the synthetic catalogue is made of: indicator templates, and per GB/T 4754-2017 division
the trade words of enterprise names, the products (or services) and their qualifiers.

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
    _t("breaking_strength", "断裂强力", "Breaking strength", "N", HB, 300.0, step=0.1, condition="经向"),
    _t("colour_fastness_washing", "耐洗色牢度", "Colour fastness to washing", "", HB, 3.0, step=0.12),
    _t("pilling_resistance", "起球等级", "Pilling resistance", "", HB, 3.0, step=0.1),
    _t("ph_value", "pH 值", "pH value", "", RANGE, 4.0, 8.5, step=0.06),
    _t("dimensional_change", "水洗尺寸变化率", "Dimensional change on washing", "%", RANGE, -3.0, 3.0, step=0.2),
    _t("fibre_content_deviation", "纤维含量偏差", "Fibre content deviation", "%", LB, 5.0, step=0.15),
    # wood, furniture, paper, building materials
    _t("formaldehyde_emission", "甲醛释放量", "Formaldehyde emission", "mg/m3", LB, 0.124, step=0.25,
       condition="气候箱法"),
    _t("tvoc_emission", "TVOC 释放量", "TVOC emission", "mg/m3", LB, 0.5, step=0.2, condition="72 h"),
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
    _t("operating_noise", "运行噪声", "Operating noise", "dB(A)", LB, 55.0, step=0.05, condition="1 m"),
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
       step=0.08, condition="WLTC"),
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


def _d(family: str, trade: str, products: str, qualifiers: str = "") -> DivisionCatalogue:
    return DivisionCatalogue(family, tuple(trade.split()), tuple(products.split()), tuple(qualifiers.split()))


# Divisions that have product categories. Sector 1: 01–04; sector 2: mining, manufacturing,
# utilities, construction; sector 3: services (the campaign benchmarks service quality too).
DIVISIONS: dict[str, DivisionCatalogue] = {
    "01": _d("farm", "农业 农产品 种业 生态农业",
             "大米 小麦 玉米 茶叶 柑橘 苹果 猕猴桃 食用菌 蔬菜 马铃薯 花生 油菜籽",
             "有机 绿色 富硒 地理标志"),
    "02": _d("farm", "林业 林产品 苗木", "油茶籽 板栗 核桃 竹笋 苗木 松籽", "野生 有机 良种"),
    "03": _d("farm", "畜牧 养殖 牧业", "生猪 肉牛 肉羊 鸡蛋 生鲜乳 蜂蜜 肉鸡", "生态 散养 无抗"),
    "04": _d("farm", "水产 渔业 海洋", "对虾 大黄鱼 河蟹 海参 鳗鱼 罗非鱼 紫菜", "养殖 生态 冰鲜"),
    "06": _d("material", "煤业 能源 矿业", "动力煤 炼焦精煤 洗精煤 型煤", "低硫 低灰"),
    "08": _d("material", "矿业 铁矿", "铁精粉 球团矿 锰矿石", "高品位"),
    "09": _d("material", "矿业 有色矿业", "铜精矿 锌精矿 钨精矿 稀土精矿", "高品位"),
    "10": _d("material", "矿业 石材 建材", "石灰石 石英砂 花岗岩荒料 高岭土 萤石粉", "高纯 精制"),
    "13": _d("food", "粮油 食品 饲料 农产品加工",
             "食用植物油 小麦粉 大米制品 配合饲料 冷鲜猪肉 淀粉 食糖 速冻水产品 挂面",
             "一级 高筋 低脂 冷鲜"),
    "14": _d("food", "食品 乳业 调味品 烘焙",
             "婴幼儿配方乳粉 酱油 食醋 饼干 方便面 速冻饺子 月饼 蛋糕 调味酱 糖果",
             "低盐 低糖 无添加 儿童"),
    "15": _d("food", "酒业 饮料 茶业",
             "白酒 啤酒 葡萄酒 黄酒 包装饮用水 果汁饮料 茶饮料 绿茶 普洱茶 红茶",
             "浓香型 清香型 低醇 无糖"),
    "16": _d("food", "烟草", "卷烟 烟丝", "细支 中支"),
    "17": _d("textile", "纺织 无纺布 织造 防护用品",
             "纯棉纱线 涤纶长丝织物 熔喷非织造布 纺粘非织造布 床上用品 毛巾 家用纺织品 产业用帆布",
             "高支 抗菌 阻燃 医用"),
    "18": _d("textile", "服饰 服装 制衣",
             "衬衫 西服 羽绒服 针织内衣 婴幼儿服装 运动服 牛仔服装 职业服",
             "男式 女式 儿童 功能性"),
    "19": _d("textile", "皮革 鞋业 制鞋 羽绒", "皮鞋 运动鞋 旅游鞋 箱包 羽绒 皮革 儿童鞋", "真皮 轻便 防滑"),
    "20": _d("wood", "木业 竹业 人造板", "胶合板 刨花板 中密度纤维板 实木复合地板 竹地板 木门", "无醛 防潮 阻燃"),
    "21": _d("wood", "家具 家居 木业", "实木家具 办公家具 床垫 软体沙发 儿童家具 橱柜 衣柜", "定制 环保 智能"),
    "22": _d("paper", "纸业 包装", "生活用纸 瓦楞纸箱 文化用纸 纸杯 白卡纸 卫生巾", "本色 竹浆 可降解"),
    "23": _d("paper", "印务 印刷", "书刊印刷品 包装印刷品 票据印刷品", "环保"),
    "24": _d("material", "文体 玩具 体育用品 工艺",
             "塑料玩具 乒乓球 羽毛球 健身器材 书写笔 学生文具 乐器 毛绒玩具",
             "儿童 专业 比赛用"),
    "25": _d("chemical", "石化 能源 燃料", "车用汽油 车用柴油 润滑油 沥青 焦炭 液化石油气", "国六 低硫 高标号"),
    "26": _d("chemical", "化工 化学 新材料 涂料 日化",
             "聚氯乙烯树脂 钛白粉 纯碱 烧碱 复合肥料 建筑涂料 胶粘剂 洗衣液 牙膏 化妆品 农药制剂 硫酸",
             "工业用 高纯 环保型 水性"),
    "27": _d("medical", "药业 制药 生物 医疗",
             "化学药品制剂 中成药 疫苗 医用敷料 医用口罩 一次性使用输液器 诊断试剂 消毒剂",
             "一次性 无菌 儿童用"),
    "28": _d("textile", "化纤 纤维", "涤纶短纤维 锦纶长丝 粘胶短纤维 氨纶", "差别化 再生"),
    "29": _d("material", "塑料 橡胶 管业",
             "轮胎 输送带 塑料管材 塑料薄膜 橡胶密封件 一次性餐饮具 塑料编织袋",
             "全钢 可降解 耐高温"),
    "30": _d("building", "建材 陶瓷 水泥 玻璃",
             "通用硅酸盐水泥 陶瓷砖 卫生陶瓷 智能马桶盖 浮法玻璃 石膏板 商品混凝土 岩棉板",
             "节水型 低碳 超白"),
    "31": _d("material", "钢铁 特钢 金属", "热轧钢筋 冷轧薄板 不锈钢板 无缝钢管 优质碳素结构钢 镀锌板", "高强 耐候"),
    "32": _d("material", "铝业 铜业 有色金属", "铝合金型材 电解铜 铜管 铝箔 锂电池铜箔 稀土永磁材料", "高精 超薄"),
    "33": _d("material", "五金 金属制品 不锈钢",
             "不锈钢餐具 锁具 紧固件 钢丝绳 金属门窗 刀剪 铝合金门窗",
             "高强度 防盗"),
    "34": _d("machine", "机械 通用设备 泵业 阀门",
             "离心泵 工业阀门 空气压缩机 滚动轴承 工业锅炉 电梯 齿轮减速机 液压件 风机",
             "节能型 高效 智能"),
    "35": _d("machine", "装备 专用设备 医疗器械 农机",
             "挖掘机 拖拉机 收割机 注塑机 食品加工机械 医用呼吸机 监护仪 纺织机械 包装机械",
             "智能 大型 小型"),
    "36": _d("vehicle", "汽车 汽配 新能源汽车",
             "乘用车 轻型货车 新能源客车 汽车制动器 汽车座椅 汽车轮毂 动力电池包",
             "纯电动 插电混动 轻量化"),
    "37": _d("vehicle", "船舶 轨道交通 航空 车业", "电动自行车 摩托车 城轨车辆配件 游艇 无人机 自行车", "折叠 电助力"),
    "38": _d("appliance", "电器 电气 电机 照明",
             "家用空调 电冰箱 洗衣机 电热水器 电饭锅 吸油烟机 LED灯具 电动机 电线电缆 锂离子电池 洗碗机 空气净化器",
             "变频 节能 智能 一级能效"),
    "39": _d("electronic", "电子 通信 智能科技 信息",
             "智能手机 笔记本电脑 液晶电视 路由器 智能手表 移动电源 集成电路 印制电路板 监控摄像机",
             "5G 高清 低功耗"),
    "40": _d("electronic", "仪器 仪表 计量",
             "智能电能表 水表 燃气表 红外体温计 血压计 工业自动化仪表",
             "智能 高精度 远传"),
    "41": _d("material", "日用品 工艺品", "眼镜 假发制品 日用杂品 伞具", "时尚"),
    "42": _d("material", "再生资源 环保", "再生铝锭 再生塑料颗粒 再生纸浆", "高纯"),
    "44": _d("utility", "电力 热力 能源", "城市供电服务 集中供热服务 光伏发电服务", "智能"),
    "45": _d("utility", "燃气 能源", "城镇燃气供应服务 液化天然气供应服务", ""),
    "46": _d("utility", "水务 供水", "城市供水服务 污水处理服务 直饮水供应服务", ""),
    "47": _d("building", "建设 建筑 建工", "装配式住宅建造 绿色建筑施工", "超低能耗"),
    "50": _d("building", "装饰 装修 幕墙", "住宅装修工程 建筑幕墙工程 防水工程", "全装修"),
    "52": _d("service", "商贸 零售 商业", "连锁超市服务 便利店服务 电子商务零售服务", "社区"),
    "54": _d("service", "运输 客运 物流", "城市公交服务 道路货物运输服务 出租汽车服务", "定制"),
    "59": _d("service", "物流 仓储 供应链", "仓储服务 冷链物流服务 危险品仓储服务", "智慧"),
    "60": _d("service", "快递 速递", "快递服务 同城即时配送服务", ""),
    "61": _d("service", "酒店 旅业 民宿", "酒店住宿服务 民宿服务 经济型酒店服务", "精品"),
    "62": _d("service", "餐饮 饮食", "中式正餐服务 快餐服务 团体膳食服务 外卖配送服务", "连锁"),
    "64": _d("service", "网络 互联网 数字科技", "网络购物平台服务 在线教育平台服务 云存储服务", ""),
    "65": _d("service", "软件 信息技术 数据", "软件开发服务 信息系统集成服务 数据中心服务 信息技术运维服务", ""),
    "72": _d("service", "商务服务 咨询 会展", "会展服务 人力资源服务 检验检测服务 物业管理服务", ""),
    "78": _d("service", "园林 市政 环境", "城市公园管理服务 环卫保洁服务", ""),
    "80": _d("service", "家政 养老 居民服务", "家政服务 养老服务 洗染服务 美容美发服务", "居家 社区"),
    "81": _d("service", "维修 售后服务", "家用电器维修服务 汽车维修服务 手机维修服务", ""),
    "84": _d("service", "医疗健康 健康管理", "健康体检服务 医学检验服务", ""),
    "89": _d("service", "体育 健身", "健身场馆服务 体育赛事服务", ""),
}

# Where the real seed categories sit (see the PlanSeed.industry_division notes).
FAMILY_OF_SECTOR = {1: "farm", 2: "material", 3: "service"}
