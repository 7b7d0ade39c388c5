"""The ambition levels of a collaboration: one definition, the guide's (ch. 2, "Check uw ambitieniveau").

Operational: for example joint logistics or sharing personnel management; tactical: for example
having research done that benefits both parties; strategic, the most far-reaching: for example
developing a product or service together. The form that starts a collaboration shows this text;
the Zelfcheck and the ten basic questions carry the same words in their definitions (a test in
``instruments/tests/test_ambition_levels.py`` keeps them equal).
"""

from django.utils.translation import gettext_lazy as _

AMBITION_HELP = _(
    "Operational: for example sharing logistics or personnel management. Tactical: for example commissioning "
    "research that benefits both of you. Strategic, the most far-reaching: for example developing a product or "
    "service together."
)

# The same examples per option, for the guided start's radio buttons (keys: AmbitionLevel values).
AMBITION_EXAMPLES = {
    "operational": _("For example sharing logistics or personnel management."),
    "tactical": _("For example commissioning research that benefits both of you."),
    "strategic": _("The most far-reaching: for example developing a product or service together."),
}
# Project or structural (keys: DurationKind values); the guide asks partners to agree on it beforehand.
DURATION_EXAMPLES = {
    "project": _("You agree on a term and work together as long as the project runs."),
    "structural": _("You work together for an indefinite time."),
}
