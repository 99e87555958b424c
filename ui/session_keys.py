"""Every private session-state key the contract uses, in one place, so code and tests name them alike.

Widget keys of a page's settings are "<page id>.<name>" (PageState.key). Everything else the app keeps for itself
starts with "_", so it can never clash with a page's widget keys: live training's per-trainer keys (by checkpoint
name), the copy of a page's settings kept for the next visit, and a page's own private values (`private`)."""
from __future__ import annotations

PRESENTER = "_presenter"  # presenter mode on or off, for the whole session
PRESENTER_TOGGLE = "_presenter_toggle"  # the sidebar toggle's widget key (follows PRESENTER)
LEAVE_PRESENTER = "_leave_presenter"  # the "Leave presenter mode" button
PRESENTER_NOTE = "_presenter_note"  # a bad ?presenter= value was dropped: say so once


# Live training (ui.live), one set per trainer name.
def trainer(name: str) -> str:
    """The trainer itself (tests read its config and steps here)."""
    return f"_trainer.{name}"


def playing(name: str) -> str:
    """Whether the user pressed Train (and has not paused since)."""
    return f"_playing.{name}"


def fresh(name: str) -> str:
    """Set by Reset: the next trainer for this name skips the checkpoint cache."""
    return f"_fresh.{name}"


def runner(name: str) -> str:
    """The background training thread's handle (lock, stop flag, error)."""
    return f"_runner.{name}"


def signature(name: str) -> str:
    """What else, besides the config, the trainer was built from (get_trainer's `signature`)."""
    return f"_signature.{name}"


def shelf(name: str) -> str:
    """Unfinished trainers put aside when a setting changed, so setting it back picks them up."""
    return f"_shelf.{name}"


def notice(name: str) -> str:
    """A message for the next run of the live panel (settings changed during training)."""
    return f"_notice.{name}"


# Page settings (ui.url_state).
def saved(page_id: str, param: str) -> str:
    """The copy of a setting kept when the user leaves the page, used when they come back without a URL value."""
    return f"_saved.{page_id}.{param}"


def private(page_id: str, name: str) -> str:
    """A page's own value that is not a setting (e.g. points clicked in): "_<page id>.<name>"."""
    return f"_{page_id}.{name}"
