"""The results of a revealed round, rendered once and shared by every reader with the same view of them.

The generic mechanism is ``lib/fragment_cache.py``. Here: what the results depend on.

- Only a *revealed* round's results are cached. Once revealed, every reader who passes the access
  check sees the same answers (``visible_answer_sets`` returns every submitted set, whoever asks);
  before the reveal there are no results at all, so nothing hidden is ever stored.
- What differs per reader is only whether they can write (the conclusion boxes, "put on the agenda",
  "add a follow-up action") and whether they are an explorer: those two facts are part of the key,
  and the template gets them instead of the reader's access, so it cannot show anything else.
- The version of the collaboration's scope is bumped by every save or delete of the models behind
  the results (rounds, answer sets, conclusions, action items, agenda proposals, participants); an
  organisation's or a person's name changing bumps every scope (they appear in the results).
"""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save

from samenwerkwijzer.collaborations.models import Participant
from samenwerkwijzer.lib import fragment_cache
from samenwerkwijzer.organisations.models import Organisation

from .models import ActionItem, AgendaProposal, AnswerSet, Conclusion, Round

TEMPLATE = "instruments/_results.html"


def scope(collaboration_id: int) -> str:
    return f"collaboration:{collaboration_id}"


def results_html(request, access, round_, context):
    """The results section of a revealed round; ``context()`` builds the full results context on a miss.

    The caller has run the access check for this request and fetched ``round_`` through it."""
    if not round_.is_revealed():  # a programming error: before the reveal the results are nobody's to share
        raise ValueError("Only the results of a revealed round are shared.")
    reader = SimpleNamespace(can_write=access.can_write, is_explorer=access.is_explorer)

    def render_context() -> dict:
        return {**context(), "access": reader, "collaboration": access.collaboration, "pdf": False}

    return fragment_cache.fragment(
        request,
        TEMPLATE,
        render_context,
        name="round-results",
        scopes=[scope(round_.collaboration_id)],
        parts=(
            round_.pk,
            round_.collaboration_id,
            round_.opened_at.isoformat(),
            round_.revealed_at.isoformat(),
            round_.definition_version,
            reader.can_write,
            reader.is_explorer,
        ),
    )


def _collaboration_changed(sender, instance, **kwargs):
    fragment_cache.bump_on_commit(scope(instance.collaboration_id))


def _round_part_changed(sender, instance, **kwargs):
    collaboration_id = Round.objects.filter(pk=instance.round_id).values_list("collaboration_id", flat=True).first()
    fragment_cache.bump_on_commit(scope(collaboration_id) if collaboration_id else fragment_cache.EVERYTHING)


def _name_changed(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a login changes no name
    fragment_cache.bump_on_commit(fragment_cache.EVERYTHING)


def connect() -> None:
    """Called from InstrumentsConfig.ready(): in every process that writes (web, worker, commands)."""
    for model in (Round, ActionItem, AgendaProposal, Participant):
        for signal in (post_save, post_delete):
            signal.connect(_collaboration_changed, sender=model, dispatch_uid=f"results-cache-{model.__name__}")
    for model in (AnswerSet, Conclusion):
        for signal in (post_save, post_delete):
            signal.connect(_round_part_changed, sender=model, dispatch_uid=f"results-cache-{model.__name__}")
    for model in (Organisation, get_user_model()):
        for signal in (post_save, post_delete):
            signal.connect(_name_changed, sender=model, dispatch_uid=f"results-cache-{model.__name__}")
