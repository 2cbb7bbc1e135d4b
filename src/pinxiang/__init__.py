"""Pinxiang (拼箱): export consolidation for market procurement trade (customs mode 1039)."""

__version__ = "0.1.0"
