"""Colours and type used by every chart and page (colour-blind safe: Okabe & Ito, 2008)."""
from __future__ import annotations

PRESENTER_CSS = """
<style>
html { font-size: 22px !important; }
.stMarkdown p, .stMarkdown li, label p { font-size: 1.15rem !important; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="collapsedControl"] { display: none !important; }
.stApp { background: #ffffff !important; color: #000000 !important; }
[data-testid="stHeader"] { display: none !important; }
.block-container { padding-top: 1.5rem !important; max-width: 96% !important; }
</style>
"""
