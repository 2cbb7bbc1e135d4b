"""Chinese and English: a small message catalogue and locale-aware numbers, dates and money.

Times are shown in China Standard Time (Yiwu), whatever the server's zone."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta, timezone
from decimal import Decimal

LOCALES = ("zh", "en")
CST = timezone(timedelta(hours=8), "CST")

MESSAGES: dict[str, tuple[str, str]] = {  # key: (English, 中文)
    "app": ("Pinxiang", "拼箱"),
    "dashboard": ("Dashboard", "总览"),
    "receiving": ("Receiving", "收货"),
    "board": ("Consolidation board", "拼箱看板"),
    "import": ("Import orders", "导入订单"),
    "tracking": ("Tracking", "货物跟踪"),
    "my_lines": ("My order lines", "我的订单行"),
    "login": ("Log in", "登录"),
    "logout": ("Log out", "退出"),
    "username": ("Username", "用户名"),
    "password": ("Password", "密码"),
    "wrong_login": ("Wrong username or password.", "用户名或密码错误。"),
    "language": ("Language", "语言"),
    "week_cutoffs": ("This week's cut-offs", "本周截关"),
    "shipment": ("Shipment", "货运批次"),
    "destination": ("Destination", "目的地"),
    "route": ("Route", "路线"),
    "cutoff": ("Cut-off", "截关时间"),
    "containers": ("Containers", "集装箱"),
    "container": ("Container", "集装箱"),
    "cartons": ("Cartons", "箱数"),
    "unplaced": ("Unplaced", "未配载"),
    "utilisation": ("Utilisation", "利用率"),
    "volume": ("Volume", "体积"),
    "payload": ("Payload", "载重"),
    "cog": ("Centre of gravity", "重心"),
    "freight_shares": ("Freight shares", "运费分摊"),
    "lengthwise": ("lengthwise", "纵向"),
    "crosswise": ("crosswise", "横向"),
    "off_centre": ("off centre", "偏离中心"),
    "within_tolerance": ("within tolerance", "在容差内"),
    "out_of_tolerance": ("out of tolerance", "超出容差"),
    "from_front_wall": ("the load starts this far from the front wall", "货物距前壁起装距离"),
    "freight": ("Freight", "运费"),
    "held_lots": ("Held lots", "查验扣留批次"),
    "no_held": ("No lot is held.", "没有被扣留的批次。"),
    "lot": ("Lot", "批次"),
    "order_line": ("Order line", "订单行"),
    "merchant": ("Merchant", "商户"),
    "buyer": ("Buyer", "采购商"),
    "reason": ("Reason", "原因"),
    "since": ("Since", "自"),
    "not_planned": ("not planned", "未配载"),
    "plan_all": ("Plan all shipments", "全部配载"),
    "plan": ("Plan", "配载"),
    "view_3d": ("3D plan", "三维配载图"),
    "unplaced_why": ("Unplaced and why", "未配载及原因"),
    "nothing_unplaced": ("Everything is placed.", "全部已配载。"),
    "job": ("Planning job", "配载任务"),
    "job_queued": ("Queued", "排队中"),
    "job_running": ("Running", "进行中"),
    "job_done": ("Done", "完成"),
    "job_failed": ("Failed", "失败"),
    "back_to_board": ("Back to the board", "返回看板"),
    "upload": ("Upload", "上传"),
    "file": ("File (.xlsx or .csv)", "文件（.xlsx 或 .csv）"),
    "imported": ("Imported", "已导入"),
    "inserted": ("inserted", "新增"),
    "updated": ("updated", "更新"),
    "unchanged": ("unchanged", "未变"),
    "rejected": ("Nothing was imported. Fix these and upload again:", "未导入。请修正后重新上传："),
    "record_receipt": ("Record a receipt", "登记收货"),
    "expected": ("Expected", "应收"),
    "received": ("Received", "已收"),
    "outstanding": ("Outstanding", "待收"),
    "length_mm": ("Length (mm)", "长 (毫米)"),
    "width_mm": ("Width (mm)", "宽 (毫米)"),
    "height_mm": ("Height (mm)", "高 (毫米)"),
    "gross_g": ("Gross weight (g)", "毛重 (克)"),
    "location": ("Location", "库位"),
    "save": ("Save", "保存"),
    "recent_receipts": ("Recent receipts", "最近收货"),
    "declared": ("Declared", "申报"),
    "measured": ("Measured", "实测"),
    "discrepancy": ("Discrepancy", "差异"),
    "ok": ("OK", "正常"),
    "colour_by": ("Colour by", "着色依据"),
    "drop": ("Drop", "卸货顺序"),
    "step": ("Step", "装箱步骤"),
    "play": ("Play", "播放"),
    "click_carton": ("Click a carton for its details.", "点击纸箱查看详情。"),
    "other_party": ("Another party's carton", "其他客户的货物"),
    "order": ("Order", "订单"),
    "product": ("Product", "商品"),
    "timeline": ("Timeline", "时间线"),
    "ev_ordered": ("Order placed", "下单"),
    "ev_received": ("Received at the warehouse", "仓库收货"),
    "ev_planned": ("Planned into containers", "已配载"),
    "ev_cutoff": ("Cut-off", "截关"),
    "ev_held": ("Held by customs", "海关查验扣留"),
    "ev_released": ("Released by customs", "海关放行"),
    "ev_inspected": ("Inspected", "已查验"),
    "ev_loaded": ("Loaded", "已装箱"),
    "ev_declared": ("Declared", "已申报"),
    "ev_returned": ("Returned", "已退回"),
    "forbidden": ("You may not open this page.", "您无权访问此页面。"),
    "not_found": ("Not found.", "未找到。"),
    "total_containers": ("Containers planned", "已配载集装箱"),
    "total_cartons": ("Cartons placed", "已装纸箱"),
    "avg_util": ("Average volume utilisation", "平均体积利用率"),
    "sku": ("SKU", "货号"),
    "quantity": ("Quantity", "数量"),
    "placed": ("Placed", "已装"),
    "none": ("None.", "无。"),
    "search": ("Search", "搜索"),
    "search_board": ("Shipment, destination or country", "批次、目的地或国家"),
    "search_lines": ("Order line, merchant or SKU", "订单行、商户或货号"),
    "previous": ("Previous", "上一页"),
    "next": ("Next", "下一页"),
    "showing": ("Showing", "显示"),
    "of": ("of", "共"),
    "outstanding_only": ("Outstanding only", "仅未到齐"),
    "lcl": ("LCL (co-loaded)", "拼箱散货 (LCL)"),
    "lcl_note": (
        "Cheaper than a container for these buyers: shipped with a co-loader, charged per "
        "revenue ton (W/M).",
        "对这些客户比整箱便宜：交拼箱公司承运，按计费吨 (W/M) 收费。",
    ),
    "revenue_tons": ("Revenue tons", "计费吨"),
    "lots": ("Lots", "批次"),
    "declarations": ("Declarations", "报关单"),
    "inspection": ("Inspection queue", "查验队列"),
    "settlement": ("Statements", "结算对账单"),
    "declare": ("Declare", "申报"),
    "to_declare": ("Not declared yet", "尚未申报"),
    "declaration": ("Declaration", "报关单"),
    "currency": ("Currency", "币种"),
    "total": ("Total", "合计"),
    "lines": ("Lines", "行数"),
    "submitted": ("Submitted", "已提交"),
    "blocked": ("Blocked lines", "被拦截的行"),
    "state": ("State", "状态"),
    "all": ("All", "全部"),
    "ev_select": ("Select for inspection", "布控查验"),
    "ev_inspect": ("Inspect", "查验"),
    "ev_release": ("Release", "放行"),
    "ev_hold": ("Hold", "扣留"),
    "ev_selected": ("Selected for inspection", "被布控查验"),
    "ev_sealed": ("Sealed", "已施封"),
    "ev_departed": ("Departed", "已离境"),
    "ev_arrived": ("Arrived", "已到达"),
    "ev_delivered": ("Delivered to the door", "已送达"),
    "hold_reason": ("Reason for the hold", "扣留原因"),
    "transit": ("In transit", "在途"),
    # shorter labels for the header nav (the page titles keep the long ones)
    "nav_board": ("Board", "看板"),
    "nav_import": ("Import", "导入"),
    "nav_inspection": ("Inspection", "查验"),
    "nav_settlement": ("Statements", "对账单"),
    "transit_departed": ("Departed: mark arrived", "已离境：登记到达"),
    "transit_departed_note": (
        "A container arrives as a whole: every lot in it moves to arrived.",
        "整箱到达：箱内所有批次一起变为已到达。",
    ),
    "transit_arrived": ("Arrived: deliver to each buyer", "已到达：逐个采购商签收"),
    "transit_arrived_note": (
        "One row per buyer in the container: their lots move to delivered when they sign.",
        "箱内每个采购商一行：签收后其批次变为已送达。",
    ),
    "seal": ("Seal", "封志号"),
    "arrived_at": ("Arrived at", "到达地点"),
    "place": ("Place (port, rail terminal or warehouse)", "地点（港口、铁路场站或仓库）"),
    "receiver": ("Signed for by", "签收人"),
    "ev_arrive": ("Mark arrived", "登记到达"),
    "ev_deliver": ("Mark delivered", "登记签收"),
    "transit_done_arrived": ("arrived", "已登记到达"),
    "transit_done_delivered": ("delivered", "已登记签收"),
    "transit_need_place": (
        "Where did the container arrive? Enter the port, rail terminal or warehouse, "
        "e.g. Jebel Ali T4.",
        "集装箱到达了哪里？请填写港口、铁路场站或仓库，例如 Jebel Ali T4。",
    ),
    "transit_need_receiver": (
        "Who signed for the cartons? Enter the name of the person at the buyer's door.",
        "谁签收了货物？请填写采购商处签收人的姓名。",
    ),
    "transit_need_co_loader_ref": (
        "Which consignment? Enter the co-loader's booking or house B/L number.",
        "哪一票货？请填写拼箱公司的订舱号或分提单号。",
    ),
    "transit_lcl": ("LCL: hand over to the co-loader", "拼箱散货：交付拼箱公司"),
    "transit_lcl_note": (
        "Released lots the plan ships LCL leave with the co-loader, not in a container of ours: "
        "they depart under the co-loader's reference, then arrive and are delivered one by one.",
        "计划按拼箱散货发运的已放行批次由拼箱公司承运，不装我方集装箱：凭拼箱公司单号离境，"
        "之后逐批登记到达和签收。",
    ),
    "co_loader_ref": ("Co-loader's booking or house B/L", "拼箱公司订舱号或分提单号"),
    "ev_hand_over": ("Hand over", "交付拼箱公司"),
    "transit_done_handed_over": ("handed to the co-loader", "已交付拼箱公司"),
    "transit_too_long": (
        "Too long: at most {n} characters. Shorten it.",
        "太长：最多 {n} 个字符，请缩短。",
    ),
    "transit_changed": (
        "the container's lots changed meanwhile; the list below is current, try again there.",
        "该集装箱的批次已被他人更改；下表为最新状态，请在其中重试。",
    ),
    "merchants": ("Merchants", "商户"),
    "buyers": ("Buyers", "采购商"),
    "download": ("Download", "下载"),
    "own_lines_only": (
        "A declaration merges several merchants' lines: you see your own list lines and "
        "amounts only, under the 项号 that declares them.",
        "一份报关单归并了多个商户的商品：此处只显示您自己的清单商品和金额，以及申报它们的项号。",
    ),
    "reason:held by customs": ("held by customs", "海关扣留"),
    "reason:not yet received": ("not yet received", "尚未收货"),
    "reason:does not fit any allowed container": (
        "does not fit any allowed container",
        "放不进任何可用集装箱",
    ),
    "reason:goods differ from the declaration (simulated inspection)": (
        "goods differ from the declaration (simulated inspection)",
        "货物与申报不符（模拟查验）",
    ),
    "route_sea_ningbo": ("Sea via Ningbo", "宁波港海运"),
    "route_sea_tianjin": ("Sea via Tianjin", "天津港海运"),
    "route_rail_china_europe": ("China–Europe rail", "中欧班列"),
    "route_sea_rail": ("Sea–rail via Ningbo", "海铁联运（宁波）"),
    "users": ("Users", "用户管理"),
    "create_user": ("Create a user", "新建用户"),
    "display_name": ("Name shown", "显示名称"),
    "role": ("Role", "角色"),
    "scope": ("Sees", "可见范围"),
    "scope_all": ("all shipments", "全部货运批次"),
    "party_code": ("Buyer or merchant code", "采购商或商户代码"),
    "created": ("Created", "创建日期"),
    "active": ("active", "启用"),
    "inactive": ("deactivated", "已停用"),
    "activate": ("Reactivate", "重新启用"),
    "deactivate": ("Deactivate", "停用"),
    "change_role": ("Change role", "更改角色"),
    "reset_password": ("Reset password", "重置密码"),
    "new_password": ("New password (8+ characters)", "新密码（至少 8 个字符）"),
    "user_created": ("user created", "用户已创建"),
    "user_role": ("role changed", "角色已更改"),
    "user_deactivated": ("deactivated; their sessions are ended", "已停用，其会话已结束"),
    "user_activated": ("reactivated", "已重新启用"),
    "user_password": ("password reset; their sessions are ended", "密码已重置，其会话已结束"),
    "field_username": ("Username", "用户名"),
    "field_password": ("Password", "密码"),
    "field_role": ("Role", "角色"),
    "field_party_code": ("Buyer or merchant code", "采购商或商户代码"),
    "field_locale": ("Language", "语言"),
    "field_active": ("State", "状态"),
    "role_admin": ("administrator", "管理员"),
    "role_planner": ("planner", "配载员"),
    "role_warehouse_clerk": ("warehouse clerk", "仓管员"),
    "role_declarant": ("declarant", "报关员"),
    "role_buyer": ("buyer", "采购商"),
    "role_merchant": ("merchant", "商户"),
}


def negotiate(accept_language: str | None) -> str:
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()
        if tag.startswith("zh"):
            return "zh"
        if tag.startswith("en"):
            return "en"
    return "zh"


class Formatter:
    """What a template needs to speak one language: `t`, numbers, dates, money, percents."""

    def __init__(self, locale: str) -> None:
        self.locale = locale if locale in LOCALES else "zh"
        self._i = 0 if self.locale == "en" else 1

    def t(self, key: str) -> str:
        pair = MESSAGES.get(key)
        return pair[self._i] if pair else key

    def nav(self, key: str) -> str:
        """The header nav's label for a page: its short form when there is one."""
        return self.t(f"nav_{key}" if f"nav_{key}" in MESSAGES else key)

    def reason(self, text: str) -> str:
        """A reason the services give in English, in the page's language when it is known."""
        pair = MESSAGES.get(f"reason:{text}")
        return pair[self._i] if pair else text

    def route(self, code: str) -> str:
        return self.t(f"route_{code}")

    def number(self, value: float | int | Decimal, digits: int = 0) -> str:
        return f"{value:,.{digits}f}"

    def percent(self, share: float) -> str:
        return f"{100 * share:.1f}%"

    def datetime(self, value: dt.datetime) -> str:
        v = value.astimezone(CST)
        if self.locale == "zh":
            return f"{v.year}年{v.month}月{v.day}日 {v:%H:%M}"
        return f"{v.day} {v:%b %Y %H:%M}"

    def date(self, value: dt.datetime) -> str:
        v = value.astimezone(CST)
        if self.locale == "zh":
            return f"{v.year}年{v.month}月{v.day}日"
        return f"{v.day} {v:%b %Y}"

    def money(self, amount: Decimal | str, currency: str) -> str:
        a = Decimal(str(amount))
        symbols = {
            "en": {"USD": "US$", "CNY": "CN¥", "EUR": "€"},
            "zh": {"USD": "US$", "CNY": "¥", "EUR": "€"},
        }[self.locale]
        sym = symbols.get(currency)
        return f"{sym}{a:,.2f}" if sym else f"{currency} {a:,.2f}"

    def kg(self, grams: int) -> str:
        return f"{grams / 1000:,.1f} kg" if self.locale == "en" else f"{grams / 1000:,.1f} 千克"
