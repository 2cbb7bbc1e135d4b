"""Reference tables for the demo market day: trades, product templates, buyers and lanes.

Figures are plausible rather than sourced: carton sizes, weights and prices are what a Yiwu
merchant of the trade would typically quote (mm, g, USD per trade unit). HS codes are real
China 2023 8-digit tariff codes (checked against `pinxiang.data.hs_catalogue()` in the tests)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pinxiang.domain.products import Handling
from pinxiang.domain.shipments import Route

MARKET = "Yiwu International Trade City"
ELEMENTS_HEAD = "1.品牌类型:无品牌;2.出口享惠情况:不享惠;"

NO_HANDLING = Handling()
UPRIGHT = Handling(this_side_up=True)
FRAGILE = Handling(this_side_up=True, fragile=True)
NOT_STACKABLE = Handling(this_side_up=True, stackable=False)


def _max_load(kg: int, *, up: bool = False) -> Handling:
    return Handling(this_side_up=up, max_load_on_top_g=kg * 1000)


@dataclass(frozen=True)
class ProductTemplate:
    """One article a merchant of `trade` may sell; variants are derived from it."""

    kind: str  # e.g. "plush_toy": what density and volume bands the tests check
    model: str  # model stem, e.g. "PB"
    name_zh: str
    name_en: str
    hs8: str
    elements: str  # declared elements after the two standard first items
    unit: str  # trade unit: pcs, set, pair, dozen
    units_per_carton: int
    carton_mm: tuple[int, int, int]  # length, width, height (height upright)
    gross_g: int
    net_g: int
    price_usd: Decimal  # per trade unit
    handling: Handling = NO_HANDLING


@dataclass(frozen=True)
class Trade:
    key: str
    district: str
    zh: str  # as in a shop name: 玩具, 饰品 ...
    en: str  # as in an English shop name: Toys, Jewelry ...
    merchants: int
    templates: tuple[ProductTemplate, ...]


T = ProductTemplate
D = Decimal

TRADES: tuple[Trade, ...] = (
    Trade("toys", "District 1", "玩具", "Toys", 6, (
        T("plush_toy", "PB", "毛绒玩具熊", "Plush teddy bear", "95030021",
          "3.材质:聚酯纤维;4.用途:儿童玩耍;5.种类:玩具动物", "pcs", 48,
          (600, 400, 500), 6500, 5600, D("1.85"), _max_load(60)),
        T("plush_toy", "PR", "毛绒玩具兔", "Plush bunny", "95030021",
          "3.材质:聚酯纤维;4.用途:儿童玩耍;5.种类:玩具动物", "pcs", 60,
          (580, 420, 480), 6200, 5300, D("1.45"), _max_load(60)),
        T("boxed_toy", "FD", "时装娃娃", "Fashion doll", "95030029",
          "3.材质:塑料;4.用途:儿童玩耍;5.种类:玩偶", "pcs", 72,
          (700, 450, 500), 12500, 11000, D("1.20"), UPRIGHT),
        T("boxed_toy", "BB", "塑料积木", "Plastic building blocks", "95030089",
          "3.材质:塑料;4.用途:儿童玩耍", "set", 24,
          (650, 450, 500), 15000, 13800, D("2.60"), UPRIGHT),
        T("boxed_toy", "RC", "遥控汽车", "Remote-control toy car", "95030083",
          "3.材质:塑料;4.用途:儿童玩耍;5.是否带动力装置:带电动机", "pcs", 24,
          (640, 420, 480), 10500, 9200, D("4.80"), UPRIGHT),
        T("boxed_toy", "JP", "拼图", "Jigsaw puzzle", "95030060",
          "3.材质:纸;4.用途:儿童益智", "set", 60,
          (600, 400, 450), 15500, 14300, D("0.95")),
    )),
    Trade("jewellery", "District 1", "饰品", "Jewelry", 3, (
        T("jewellery", "NK", "合金项链", "Alloy fashion necklace", "71171900",
          "3.材质:锌合金;4.用途:装饰;5.是否镀贵金属:未镀贵金属", "dozen", 100,
          (450, 350, 300), 14000, 13000, D("3.20")),
        T("jewellery", "ER", "合金耳环", "Alloy earrings", "71171900",
          "3.材质:锌合金;4.用途:装饰;5.是否镀贵金属:未镀贵金属", "dozen", 150,
          (450, 350, 300), 12500, 11500, D("2.60")),
        T("jewellery", "BR", "串珠手链", "Beaded bracelet", "71179000",
          "3.材质:塑料串珠;4.用途:装饰", "dozen", 120,
          (450, 350, 300), 11000, 10000, D("2.40")),
        T("jewellery", "BC", "合金胸针", "Alloy brooch", "71171900",
          "3.材质:锌合金;4.用途:装饰;5.是否镀贵金属:未镀贵金属", "dozen", 80,
          (400, 300, 300), 9500, 8700, D("3.80")),
    )),
    Trade("hair", "District 1", "发饰", "Hair Accessories", 2, (
        T("small_goods", "HC", "塑料发夹", "Plastic hair clips", "96151100",
          "3.材质:塑料;4.用途:固定头发", "dozen", 120,
          (450, 350, 350), 10000, 9200, D("0.90")),
        T("textile", "SC", "针织发圈", "Knitted scrunchies", "61178090",
          "3.织造方法:针织;4.种类:发圈;5.成分含量:涤纶100%", "dozen", 200,
          (600, 400, 500), 11500, 10500, D("0.60")),
        T("small_goods", "CB", "塑料梳子", "Plastic combs", "96151100",
          "3.材质:塑料;4.用途:梳头", "dozen", 100,
          (450, 350, 300), 11000, 10200, D("0.85")),
        T("small_goods", "CU", "塑料卷发器", "Plastic hair curlers", "96159000",
          "3.材质:塑料;4.用途:卷发", "set", 120,
          (500, 400, 400), 8500, 7700, D("0.75")),
    )),
    Trade("flowers", "District 1", "仿真花", "Artificial Flowers", 1, (
        T("artificial_flower", "AF", "塑料仿真花", "Plastic artificial flowers", "67021000",
          "3.材质:塑料;4.用途:装饰;5.种类:仿真花", "pcs", 300,
          (700, 450, 500), 8500, 7200, D("0.35"), _max_load(20, up=True)),
        T("artificial_flower", "SR", "涤纶仿真玫瑰", "Polyester artificial roses", "67029030",
          "3.材质:涤纶;4.用途:装饰;5.种类:仿真花", "pcs", 600,
          (700, 450, 500), 9000, 7800, D("0.28"), _max_load(20, up=True)),
        T("artificial_flower", "PP", "仿真绿植盆栽", "Artificial potted plant", "67021000",
          "3.材质:塑料;4.用途:装饰;5.种类:仿真盆栽", "pcs", 24,
          (600, 500, 600), 10000, 8500, D("2.40"), NOT_STACKABLE),
    )),
    Trade("christmas", "District 1", "圣诞用品", "Christmas Decorations", 4, (
        T("festive", "XB", "塑料圣诞球", "Plastic Christmas baubles", "95051000",
          "3.材质:塑料;4.用途:圣诞节装饰", "set", 48,
          (700, 500, 500), 11000, 9500, D("1.10"), UPRIGHT),
        T("glass_ornament", "XG", "玻璃圣诞挂件", "Glass Christmas ornaments", "95051000",
          "3.材质:玻璃;4.用途:圣诞节装饰", "set", 36,
          (550, 400, 400), 9500, 7800, D("2.20"), FRAGILE),
        T("festive", "XT", "1.8米圣诞树", "Artificial Christmas tree 1.8 m", "95051000",
          "3.材质:PVC;4.用途:圣诞节装饰", "pcs", 6,
          (1250, 350, 350), 16000, 14500, D("9.50"), _max_load(50, up=True)),
        T("festive", "XH", "圣诞帽", "Christmas hats", "95051000",
          "3.材质:涤纶;4.用途:圣诞节装饰", "pcs", 240,
          (600, 450, 500), 8000, 7200, D("0.32")),
        T("festive", "PB", "派对气球", "Party balloons (bag of 100)", "95059000",
          "3.材质:乳胶;4.用途:节日装饰", "set", 60,
          (500, 400, 350), 12000, 11000, D("0.90")),
    )),
    Trade("hardware", "District 2", "五金工具", "Hardware Tools", 4, (
        T("hardware", "PL", "钢丝钳", "Combination pliers", "82032000",
          "3.材质:碳钢;4.用途:夹持剪切", "pcs", 120,
          (450, 300, 250), 22000, 21000, D("0.95")),
        T("hardware", "SD", "螺丝刀套装", "Screwdriver set", "82054000",
          "3.材质:铬钒钢;4.用途:拧紧螺丝", "set", 40,
          (480, 320, 280), 18000, 17000, D("2.10")),
        T("hardware", "AW", "活动扳手", "Adjustable wrench", "82041200",
          "3.材质:碳钢;4.用途:拧紧螺母", "pcs", 60,
          (460, 300, 220), 21000, 20200, D("1.30")),
        T("hardware", "CH", "羊角锤", "Claw hammer", "82052000",
          "3.材质:碳钢;4.用途:敲击", "pcs", 36,
          (450, 320, 260), 23000, 22000, D("1.60")),
        T("hardware", "BV", "台钳", "Bench vice", "82057000",
          "3.材质:铸铁;4.用途:夹持工件", "pcs", 4,
          (420, 300, 250), 24000, 22500, D("12.50")),
    )),
    Trade("electronics", "District 2", "电子配件", "Electronic Accessories", 4, (
        T("electronics", "UC", "USB数据线", "USB data cable 1 m", "85444211",
          "3.用途:手机充电及数据传输;4.额定电压:5V;5.是否有接头:有", "pcs", 500,
          (520, 360, 380), 15000, 14000, D("0.38")),
        T("electronics", "CG", "手机充电器", "Phone charger 5V 2A", "85044014",
          "3.用途:手机充电;4.输出功率:10W;5.原理:开关电源", "pcs", 200,
          (480, 380, 350), 14000, 12800, D("1.15")),
        T("electronics", "EP", "有线耳机", "Wired earphones", "85183000",
          "3.用途:收听音频;4.是否无线:有线", "pcs", 400,
          (540, 380, 400), 11000, 9800, D("0.55"), UPRIGHT),
        T("electronics", "FL", "LED手电筒", "LED torch", "85131010",
          "3.用途:照明;4.电源:干电池", "pcs", 120,
          (500, 350, 300), 13000, 12000, D("0.85"), UPRIGHT),
        T("electronics", "SP", "蓝牙音箱", "Bluetooth speaker", "85182100",
          "3.用途:播放音频;4.喇叭数量:单喇叭", "pcs", 40,
          (520, 420, 380), 12000, 10500, D("4.50"), UPRIGHT),
    )),
    Trade("bags", "District 2", "箱包", "Bags", 2, (
        T("bag", "HB", "PU女士手提包", "Ladies' PU handbag", "42022200",
          "3.材质:PU;4.种类:手提包", "pcs", 60,
          (700, 500, 500), 12000, 10800, D("3.80"), UPRIGHT),
        T("bag", "BP", "涤纶双肩背包", "Polyester backpack", "42029200",
          "3.材质:涤纶;4.种类:背包", "pcs", 40,
          (650, 450, 500), 13000, 11800, D("3.20")),
        T("bag", "CP", "化妆包", "Cosmetic pouch", "42023200",
          "3.材质:涤纶;4.种类:化妆包", "pcs", 200,
          (600, 400, 450), 10000, 9000, D("0.70")),
        T("bag", "TC", "拉杆箱三件套", "Trolley case set of 3", "42021210",
          "3.材质:ABS塑料;4.种类:拉杆箱", "set", 3,
          (780, 520, 320), 12000, 11000, D("28.00"), UPRIGHT),
    )),
    Trade("stationery", "District 3", "文具", "Stationery", 3, (
        T("stationery", "BP", "圆珠笔", "Ballpoint pens", "96081000",
          "3.种类:圆珠笔;4.材质:塑料;5.用途:书写", "dozen", 200,
          (480, 340, 300), 16000, 15000, D("0.45")),
        T("stationery", "NB", "A5笔记本", "A5 notebook", "48201000",
          "3.品名:笔记本;4.材质:纸;5.用途:书写记录", "pcs", 100,
          (520, 360, 300), 20000, 19000, D("0.55")),
        T("stationery", "CP", "12色彩色铅笔", "Coloured pencils, 12 colours", "96091020",
          "3.种类:彩色铅笔;4.用途:绘画", "set", 144,
          (500, 350, 320), 15000, 14000, D("0.40")),
        T("stationery", "FF", "塑料文件夹", "Plastic file folders", "39261000",
          "3.材质:PP塑料;4.用途:办公文具", "pcs", 300,
          (400, 330, 300), 12000, 11200, D("0.18")),
    )),
    Trade("sports", "District 3", "体育用品", "Sporting Goods", 1, (
        T("sports", "BR", "羽毛球拍", "Badminton racket", "95065900",
          "3.材质:铝合金;4.用途:运动", "pcs", 60,
          (700, 300, 400), 9000, 8000, D("1.60")),
        T("sports", "FB", "PVC足球", "PVC football (deflated)", "95066210",
          "3.材质:PVC;4.种类:足球", "pcs", 30,
          (500, 400, 450), 11000, 10000, D("2.10")),
        T("sports", "JR", "跳绳", "Skipping rope", "95069190",
          "3.材质:PVC;4.用途:健身", "pcs", 200,
          (500, 400, 350), 12000, 11000, D("0.35")),
        T("sports", "YM", "瑜伽垫", "Yoga mat", "95069190",
          "3.材质:TPE;4.用途:健身", "pcs", 20,
          (650, 450, 450), 14000, 13000, D("2.80")),
    )),
    Trade("cosmetics", "District 3", "化妆工具", "Cosmetic Tools", 1, (
        T("small_goods", "MB", "化妆刷套装", "Makeup brush set", "96033090",
          "3.种类:化妆刷;4.材质:尼龙毛木柄", "set", 200,
          (500, 350, 350), 9000, 8200, D("1.20"), UPRIGHT),
        T("small_goods", "PF", "粉扑", "Powder puffs", "96162000",
          "3.材质:海绵;4.用途:施敷化妆品", "pcs", 1000,
          (500, 400, 400), 7000, 6300, D("0.08"), _max_load(40)),
        T("small_goods", "MS", "修甲套装", "Manicure set", "82142000",
          "3.材质:不锈钢;4.用途:修剪指甲", "set", 240,
          (450, 350, 300), 13000, 12000, D("0.95")),
    )),
    Trade("socks", "District 4", "袜业", "Socks", 3, (
        T("textile", "CS", "棉袜", "Cotton socks", "61159500",
          "3.织造方法:针织;4.种类:袜子;5.成分含量:棉80%涤纶20%", "dozen", 50,
          (600, 400, 400), 12000, 11200, D("3.60")),
        T("textile", "AS", "涤纶船袜", "Polyester ankle socks", "61159600",
          "3.织造方法:针织;4.种类:袜子;5.成分含量:涤纶95%氨纶5%", "dozen", 60,
          (600, 400, 400), 11500, 10700, D("2.40")),
        T("textile", "KS", "儿童棉袜", "Kids' cotton socks", "61159500",
          "3.织造方法:针织;4.种类:袜子;5.成分含量:棉75%涤纶25%", "dozen", 80,
          (600, 400, 350), 10500, 9800, D("2.80")),
        T("textile", "PH", "女士连裤袜", "Ladies' tights", "61152200",
          "3.织造方法:针织;4.种类:连裤袜;5.成分含量:锦纶90%氨纶10%", "dozen", 50,
          (550, 400, 350), 9500, 8800, D("4.20")),
    )),
    Trade("scarves", "District 4", "围巾", "Scarves", 1, (
        T("textile", "KF", "针织围巾", "Knitted scarf", "61171090",
          "3.织造方法:针织;4.种类:围巾;5.成分含量:腈纶100%", "pcs", 200,
          (600, 400, 450), 10000, 9200, D("0.95")),
        T("textile", "CF", "雪纺丝巾", "Chiffon scarf", "62143000",
          "3.织造方法:机织;4.种类:丝巾;5.成分含量:涤纶100%", "pcs", 400,
          (600, 400, 400), 9500, 8800, D("0.55")),
        T("textile", "SH", "仿羊绒披肩", "Faux cashmere shawl", "62143000",
          "3.织造方法:机织;4.种类:披肩;5.成分含量:涤纶100%", "pcs", 120,
          (600, 450, 450), 12000, 11200, D("1.60")),
    )),
    Trade("kitchenware", "District 4", "厨具", "Kitchenware", 3, (
        T("ceramics", "CB", "陶瓷碗", "Ceramic bowls", "69120010",
          "3.材质:陶;4.用途:餐具", "pcs", 48,
          (520, 420, 400), 18000, 15500, D("0.85"), FRAGILE),
        T("ceramics", "MG", "陶瓷马克杯", "Ceramic mugs", "69120010",
          "3.材质:陶;4.用途:饮水", "pcs", 36,
          (480, 330, 320), 14500, 12000, D("0.75"), FRAGILE),
        T("ceramics", "GT", "玻璃水杯", "Glass tumblers", "70133700",
          "3.材质:玻璃;4.用途:饮水", "pcs", 48,
          (500, 340, 300), 13000, 11000, D("0.45"), FRAGILE),
        T("kitchen_metal", "KU", "不锈钢厨具套装", "Stainless steel kitchen utensil set",
          "73239300", "3.材质:不锈钢;4.用途:厨房用", "set", 24,
          (500, 400, 350), 16000, 15000, D("4.20"), UPRIGHT),
        T("kitchen_metal", "VF", "不锈钢保温杯", "Stainless steel vacuum flask", "96170019",
          "3.材质:不锈钢;4.用途:保温", "pcs", 24,
          (620, 420, 330), 12000, 10500, D("2.60"), UPRIGHT),
    )),
    Trade("bedding", "District 5", "床上用品", "Bedding", 1, (
        T("bedding", "FB", "法兰绒毯", "Flannel blanket", "63014000",
          "3.织造方法:机织;4.种类:毯子;5.成分含量:涤纶100%", "pcs", 20,
          (700, 500, 550), 16000, 15200, D("4.50")),
        T("bedding", "BS", "印花床品四件套", "Printed bedding set of 4", "63022290",
          "3.织造方法:机织;4.种类:床品套件;5.成分含量:涤纶100%", "set", 12,
          (600, 450, 400), 15000, 14200, D("7.80")),
        T("bedding", "CU", "抱枕", "Cushion", "63049390",
          "3.织造方法:机织;4.种类:抱枕;5.成分含量:涤纶100%", "pcs", 40,
          (700, 500, 500), 9000, 8400, D("1.10"), _max_load(30)),
    )),
    Trade("auto", "District 5", "汽车用品", "Auto Accessories", 1, (
        T("auto", "WB", "雨刮片", "Wiper blades", "85129000",
          "3.用途:汽车雨刮器用;4.材质:橡胶及钢", "pcs", 100,
          (700, 300, 250), 14000, 13000, D("0.95")),
        T("auto", "FM", "汽车橡胶脚垫", "Rubber car floor mats", "40169100",
          "3.材质:硫化橡胶;4.用途:汽车铺地", "set", 10,
          (700, 500, 300), 18000, 17000, D("6.50")),
        T("auto", "PH", "车载手机支架", "Car phone holder", "39269090",
          "3.材质:ABS塑料;4.用途:车载手机支架", "pcs", 200,
          (500, 400, 350), 10000, 9000, D("0.70"), UPRIGHT),
    )),
)  # fmt: skip

# Density (kg/m³ gross) each kind of carton may plausibly have.
DENSITY_BANDS: dict[str, tuple[int, int]] = {
    "plush_toy": (35, 120),
    "boxed_toy": (60, 250),
    "jewellery": (150, 400),
    "small_goods": (50, 300),
    "artificial_flower": (30, 120),
    "festive": (50, 200),
    "glass_ornament": (60, 250),
    "hardware": (300, 900),
    "electronics": (100, 350),
    "bag": (40, 200),
    "stationery": (150, 450),
    "sports": (50, 250),
    "textile": (80, 250),
    "ceramics": (150, 450),
    "kitchen_metal": (100, 300),
    "bedding": (40, 200),
    "auto": (50, 400),
}

# Shop-name stems: (Chinese, pinyin as used in an English trade name).
BRANDS: tuple[tuple[str, str], ...] = (
    ("乐多", "Leduo"), ("金鑫", "Jinxin"), ("宏达", "Hongda"), ("鑫源", "Xinyuan"),
    ("晨光", "Chenguang"), ("华美", "Huamei"), ("永盛", "Yongsheng"), ("佳丽", "Jiali"),
    ("恒发", "Hengfa"), ("瑞祥", "Ruixiang"), ("天翼", "Tianyi"), ("明辉", "Minghui"),
    ("星耀", "Xingyao"), ("福源", "Fuyuan"), ("美琪", "Meiqi"), ("博创", "Bochuang"),
    ("欣悦", "Xinyue"), ("龙腾", "Longteng"), ("顺达", "Shunda"), ("嘉禾", "Jiahe"),
    ("新锐", "Xinrui"), ("亿丰", "Yifeng"), ("盛世", "Shengshi"), ("汇通", "Huitong"),
    ("锦绣", "Jinxiu"), ("东阳", "Dongyang"), ("华鑫", "Huaxin"), ("伟业", "Weiye"),
    ("彩虹", "Caihong"), ("金星", "Jinxing"), ("诚信", "Chengxin"), ("和顺", "Heshun"),
    ("兴旺", "Xingwang"), ("丰泽", "Fengze"), ("优品", "Youpin"), ("达利", "Dali"),
    ("凯旋", "Kaixuan"), ("万邦", "Wanbang"), ("百川", "Baichuan"), ("春晖", "Chunhui"),
    ("雅诗", "Yashi"), ("创美", "Chuangmei"), ("聚宝", "Jubao"), ("富康", "Fukang"),
    ("宝莱", "Baolai"), ("思源", "Siyuan"), ("骏马", "Junma"), ("银河", "Yinhe"),
)  # fmt: skip

# Shop-name forms for individual businesses and for companies: (zh suffix, en suffix).
INDIVIDUAL_FORMS: tuple[tuple[str, str], ...] = (
    ("商行", "Firm"),
    ("经营部", "Trading Store"),
    ("商贸商行", "Trading Firm"),
    ("厂", "Factory"),
)
COMPANY_FORMS: tuple[tuple[str, str], ...] = (
    ("有限公司", "Co., Ltd."),
    ("贸易有限公司", "Trading Co., Ltd."),
)


@dataclass(frozen=True)
class BuyerProfile:
    name: str
    nationality: str
    company: str
    country: str
    lane: str  # key of LANES
    target_cbm: int  # cargo the buyer buys on the day, before seed jitter
    trades: tuple[str, ...]  # trades the buyer prefers
    currency: str  # currency the buyer often pays in besides USD


BUYERS: tuple[BuyerProfile, ...] = (
    BuyerProfile("Ahmed Al Mansoori", "AE", "Al Mansoori General Trading LLC", "AE", "JEA", 44,
                 ("toys", "electronics", "kitchenware", "bags", "hardware"), "USD"),
    BuyerProfile("Yousef Haddad", "JO", "Haddad Brothers Trading FZE", "AE", "JEA", 34,
                 ("jewellery", "hair", "bedding", "scarves", "kitchenware", "toys"), "USD"),
    BuyerProfile("Javier Martínez Ruiz", "ES", "Bazar Martínez S.L.", "ES", "MAD", 11,
                 ("stationery", "toys", "kitchenware", "christmas", "hair"), "EUR"),
    BuyerProfile("Lin Hao", "ES", "Distribuciones Lin Hao S.L.", "ES", "MAD", 9,
                 ("christmas", "socks", "electronics", "stationery", "flowers"), "EUR"),
    BuyerProfile("Katarzyna Nowak", "PL", "Nowak Import Sp. z o.o.", "PL", "WAW", 5,
                 ("christmas", "stationery", "socks", "flowers"), "EUR"),
    BuyerProfile("Camila Rojas Fuentes", "CL", "Importadora Rojas Ltda.", "CL", "VAP", 36,
                 ("christmas", "toys", "stationery", "kitchenware", "bedding"), "USD"),
    BuyerProfile("Diego Quispe Mamani", "PE", "Comercial Andes SpA", "CL", "VAP", 30,
                 ("hardware", "electronics", "bags", "auto", "sports"), "CNY"),
    BuyerProfile("Chukwuemeka Okafor", "NG", "Emeka Okafor & Sons Ltd", "NG", "LOS", 20,
                 ("socks", "scarves", "bags", "electronics", "hair", "kitchenware"), "CNY"),
)  # fmt: skip


@dataclass(frozen=True)
class Lane:
    key: str
    destination_country: str
    destination: str
    route: Route
    cutoff_days: int  # days after the market day
    cutoff_hour: int  # local time, Asia/Shanghai


LANES: tuple[Lane, ...] = (
    Lane("JEA", "AE", "Jebel Ali", Route.SEA_NINGBO, 4, 18),
    Lane("MAD", "ES", "Madrid", Route.RAIL_CHINA_EUROPE, 3, 10),
    Lane("WAW", "PL", "Warsaw", Route.RAIL_CHINA_EUROPE, 3, 10),
    Lane("VAP", "CL", "Valparaíso", Route.SEA_NINGBO, 5, 17),
    Lane("LOS", "NG", "Lagos (Apapa)", Route.SEA_RAIL, 4, 12),
)

# Unit price conversions from the USD base (indicative, for the demo only).
PRICE_RATE: dict[str, Decimal] = {"USD": D("1"), "CNY": D("7.12"), "EUR": D("0.94")}

# Variant suffixes a merchant uses for one article: (zh, en).
VARIANTS: tuple[tuple[str, str], ...] = (
    ("", ""), ("（红色）", " (red)"), ("（蓝色）", " (blue)"), ("（粉色）", " (pink)"),
    ("（大号）", " (large)"), ("（小号）", " (small)"), ("（混色）", " (assorted colours)"),
)  # fmt: skip
