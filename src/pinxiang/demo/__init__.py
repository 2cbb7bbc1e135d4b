"""Demo data: a reproducible Yiwu market day (merchants, buyers, orders, shipments, receipts)."""

from pinxiang.demo.generator import MarketDay, generate_market_day
from pinxiang.demo.rows import market_day_rows

__all__ = ["MarketDay", "generate_market_day", "market_day_rows"]
