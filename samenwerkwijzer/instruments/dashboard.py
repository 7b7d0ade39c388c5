"""The instruments' panel on the collaboration dashboard (see collaborations.signals.dashboard_panels_requested)."""

from samenwerkwijzer.collaborations.signals import dashboard_panels_requested

from .selectors import instruments_overview


def panel(sender, *, access, **kwargs) -> list:
    """Who has submitted in each instrument's latest round (never what), with its actions."""
    return [("instruments/_dashboard_panel.html", {"overview": instruments_overview(access)})]


dashboard_panels_requested.connect(panel, dispatch_uid="instruments_dashboard_panel")
