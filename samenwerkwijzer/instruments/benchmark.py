"""A large revealed-round comparison: 10 organisations x 17 statements x 8 rounds.

Used by the query-count test and by ``manage.py benchmark_instruments``. Built with
bulk inserts (not the services) so that setting it up stays fast.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from samenwerkwijzer.collaborations.models import Collaboration, Participant
from samenwerkwijzer.organisations.models import Membership, Organisation

from . import definitions as d
from .models import AnswerSet, Round


def build_large_comparison(*, organisations: int = 10, rounds: int = 8, prefix: str = "bench"):
    """Returns (collaboration, lead user, latest round). Scores differ per organisation, statement and round."""
    user_model = get_user_model()
    users = [
        user_model.objects.create_user(email=f"{prefix}{n}@example.org", password=None, full_name=f"Bench {n}")
        for n in range(organisations)
    ]
    orgs = Organisation.objects.bulk_create(
        Organisation(
            name=f"{prefix.title()} Organisatie {n:02d}",
            kvk_number=f"{90000000 + n + hash(prefix) % 1000 * 100:08d}",
            legal_form="41",
            sbi_codes=["62100"],
            size_class="2-4",
            pc4="3511",
        )
        for n in range(organisations)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=org, role=Membership.Role.ADMIN)
        for user, org in zip(users, orgs, strict=True)
    )
    collaboration = Collaboration.objects.create(
        name=f"{prefix.title()} samenwerking",
        purpose="Benchmark",
        ambition_level="tactical",
        duration_kind="structural",
        created_by=users[0],
    )
    Participant.objects.bulk_create(
        Participant(collaboration=collaboration, organisation=org, role="lead" if n == 0 else "partner")
        for n, org in enumerate(orgs)
    )
    checker = d.get_instrument(d.CHECKER)
    start = timezone.now() - timedelta(days=30 * rounds)
    created = Round.objects.bulk_create(
        Round(
            collaboration=collaboration,
            instrument=d.CHECKER,
            definition_version=checker.version,
            number=number,
            opened_by=users[0],
            opened_at=start + timedelta(days=30 * number),
            revealed_at=start + timedelta(days=30 * number + 7),
        )
        for number in range(1, rounds + 1)
    )
    AnswerSet.objects.bulk_create(
        AnswerSet(
            round=round_,
            organisation=org,
            answers={
                **{item.id: 1 + (n * 3 + s * 7 + r) % 5 for s, item in enumerate(checker.statements)},
                "grade": 4 + (n + r) % 6,
            },
            submitted_at=round_.revealed_at,
            submitted_by=users[n],
        )
        for r, round_ in enumerate(created)
        for n, org in enumerate(orgs)
    )
    return collaboration, users[0], Round.objects.get(collaboration=collaboration, number=rounds)
