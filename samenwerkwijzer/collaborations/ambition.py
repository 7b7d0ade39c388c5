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
