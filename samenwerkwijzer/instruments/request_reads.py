"""What the instruments' to-dos, phase facts and dashboard panel share within one request.

Each reader takes collaboration ids and reads in one query what it has not read yet in the open
``lib.request_memo`` block (outside a block it reads every time). Nothing here carries an answer:
only rounds, who has submitted and when, and which organisations shared their self-check.
"""

from samenwerkwijzer.lib.request_memo import memo_per_id

from .models import AnswerSet, Round, SelfCheckShare


def rounds_by_collaboration(collaboration_ids) -> dict[int, tuple[Round, ...]]:
    """Every round of each collaboration (explorers' match checks too), by instrument, newest first."""

    def read(ids):
        found: dict[int, list] = {}
        for round_ in Round.objects.filter(collaboration_id__in=ids).order_by("collaboration", "instrument", "-number"):
            found.setdefault(round_.collaboration_id, []).append(round_)
        return {pk: tuple(rows) for pk, rows in found.items()}

    return memo_per_id("instruments.rounds", collaboration_ids, read, tuple)


def submissions_by_collaboration(collaboration_ids) -> dict[int, dict[int, list[dict]]]:
    """Per collaboration, per round id: who has submitted (never what), by organisation name, in the
    shape of ``access.submission_status``. Rounds without an answer set are left out."""

    def read(ids):
        found: dict[int, dict[int, list]] = {}
        rows = (
            AnswerSet.objects.filter(round__collaboration_id__in=ids)
            .order_by("organisation__name")
            .values("round__collaboration_id", "round_id", "organisation_id", "organisation__name", "submitted_at")
        )
        for row in rows:
            found.setdefault(row["round__collaboration_id"], {}).setdefault(row["round_id"], []).append(
                {
                    "organisation_id": row["organisation_id"],
                    "organisation_name": row["organisation__name"],
                    "submitted": row["submitted_at"] is not None,
                    "submitted_at": row["submitted_at"],
                }
            )
        return found

    return memo_per_id("instruments.submissions", collaboration_ids, read, dict)


def self_check_sharers_by_collaboration(collaboration_ids) -> dict[int, frozenset[int]]:
    """The organisations that shared their self-check with each collaboration."""

    def read(ids):
        found: dict[int, set] = {}
        for pk, organisation_id in (
            SelfCheckShare.objects.filter(collaboration_id__in=ids)
            .order_by()
            .values_list("collaboration_id", "organisation_id")
        ):
            found.setdefault(pk, set()).add(organisation_id)
        return {pk: frozenset(rows) for pk, rows in found.items()}

    return memo_per_id("instruments.self_check_sharers", collaboration_ids, read, frozenset)
