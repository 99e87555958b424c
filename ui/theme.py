"""Colours and type used by every chart and page (colour-blind safe: Okabe & Ito, 2008)."""
from __future__ import annotations

# Every page: button, link, toggle and widget labels wrap instead of being cut to "↺ Re…" in a narrow column (a
# 1280 px laptop with the sidebar open leaves a fifth of the page to a column of four buttons; presenter mode's
# large type cut "greedy" beside its switch).
_WRAP_LABELS = """
.stButton button, .stDownloadButton button, [data-testid="stPageLink"] a { height: auto !important; max-width: 100%; }
.stButton button *, .stDownloadButton button *, [data-testid="stPageLink"] a *,
label[data-baseweb="checkbox"] *, [data-testid="stWidgetLabel"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: anywhere; }
"""
PAGE_CSS = f"<style>{_WRAP_LABELS}</style>"

# Presenter mode: large type, no sidebar, high contrast.
PRESENTER_CSS = """
<style>
html { font-size: 22px !important; }
.stMarkdown p, .stMarkdown li, label p { font-size: 1.15rem !important; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="collapsedControl"] {
  display: none !important; }
.stApp { background: #ffffff !important; color: #000000 !important; }
[data-testid="stHeader"] { display: none !important; }
.block-container { padding-top: 1.5rem !important; max-width: 96% !important; }""" + _WRAP_LABELS + """</style>
"""
