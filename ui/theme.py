"""Colours and type used by every chart and page (colour-blind safe: Okabe & Ito, 2008)."""
from __future__ import annotations

PRESENTER_CSS = """
<style>
html, body, [class*="st-"], .stMarkdown p, .stMarkdown li { font-size: 1.3rem !important; }
h1 { font-size: 3.0rem !important; } h2 { font-size: 2.3rem !important; } h3 { font-size: 1.8rem !important; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="collapsedControl"] { display: none !important; }
.stApp { background: #ffffff !important; color: #000000 !important; }
[data-testid="stHeader"] { display: none !important; }
.block-container { padding-top: 1.5rem !important; max-width: 96% !important; }
</style>
"""
