"""The instruments' panel on the collaboration dashboard (see collaborations.signals.dashboard_panels_requested)."""

from samenwerkwijzer.collaborations.signals import dashboard_panels_requested, explorer_panels_requested

from .access import get_round_for_access, submission_status
from .models import Round
from .selectors import instruments_overview


def panel(sender, *, access, **kwargs) -> list:
    """Who has submitted in each instrument's latest round (never what), with its actions."""
    return [("instruments/_dashboard_panel.html", {"overview": instruments_overview(access)})]


dashboard_panels_requested.connect(panel, dispatch_uid="instruments_dashboard_panel")


def explorer_panel(sender, *, access, explorer, **kwargs) -> list:
    """The explorer's own match check: who has submitted (never what) and the link to it."""
    rounds = [
        get_round_for_access(access, pk)
        for pk in Round.objects.filter(collaboration=access.collaboration, explorer=explorer.organisation_id)
        .order_by("-number")
        .values_list("pk", flat=True)
    ]
    status = submission_status(rounds)
    context = {
        "explorer_rounds": [(r, status[r.pk]) for r in rounds],
        # Until revealed, an explorer learns the partners' names only when the lead shares them.
        "show_names": access.explorer_sees("partners"),
    }
    return [("instruments/_explorer_panel.html", context)]


explorer_panels_requested.connect(explorer_panel, dispatch_uid="instruments_explorer_panel")
