"""Saving a draft without undoing a colleague's answer: the merge rule (pure, no database).

Every member of an organisation works on the same answer set. A page sends the whole form, so a
page loaded before a colleague changed question 3 would, on its next autosave, put back the old
answer to question 3. The page therefore carries a fingerprint of every answer as it was loaded
(its *base*). Per question, with *posted* the page's answer and *stored* the saved one:

- posted equals the base: this writer did not touch it; the stored answer stays (it may be newer);
- stored equals the base (nobody else changed it), or equals posted: the posted answer is saved;
- otherwise both changed it: a *conflict*. The stored answer stays and the writer is told, with
  the colleague's answer; their own stays on their screen. The page that comes back from the
  "save" button shows every saved answer, the writer's own where they conflict with the colleague's
  answer beside it; saving that page again replaces the colleague's answer knowingly (its base is
  the saved answers).

After a save the page's base is what it now shows for every question that is not in conflict, so
the writer's own next change is never taken for a colleague's.
"""

import hashlib
import json
from dataclasses import dataclass

from . import definitions


def fingerprint(value) -> str:
    """A short digest of one stored answer; an empty answer has the fingerprint of none."""
    if definitions.is_empty(value):
        value = None
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:16]


def fingerprints(answers: dict, item_ids) -> dict[str, str]:
    return {item_id: fingerprint(answers.get(item_id)) for item_id in item_ids}


def encode(base: dict[str, str]) -> str:
    return json.dumps(base, sort_keys=True, separators=(",", ":"))


def page_base(answers: dict, items) -> str:
    """The base of a page that shows ``answers`` for the questions ``items``, as the form sends it."""
    return encode(fingerprints(answers, [item.id for item in items]))


def decode(text: str) -> dict[str, str] | None:
    """The base a page sent, or None when it sent none (or something that is not one)."""
    try:
        base = json.loads(text)
    except (TypeError, ValueError):
        return None
    if not isinstance(base, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in base.items()):
        return None
    return base


@dataclass(frozen=True)
class Merged:
    answers: dict  # what is stored after the save
    conflicts: list[str]  # item ids changed by this writer and by someone else since the page was loaded
    base: dict[str, str]  # the page's base from now on (autosave)


def merge(*, stored: dict, posted: dict, base: dict[str, str], item_ids) -> Merged:
    answers, conflicts, page_base = {}, [], {}
    for item_id in item_ids:
        mine, theirs = posted.get(item_id), stored.get(item_id)
        loaded = base.get(item_id, fingerprint(None))
        if fingerprint(mine) == loaded:
            kept = theirs
        elif fingerprint(theirs) in (loaded, fingerprint(mine)):
            kept = mine
        else:
            kept = theirs
            conflicts.append(item_id)
        if not definitions.is_empty(kept):
            answers[item_id] = kept
        page_base[item_id] = loaded if item_id in conflicts else fingerprint(mine)
    return Merged(answers=answers, conflicts=conflicts, base=page_base)
