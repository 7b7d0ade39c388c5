"""Reads of the joint canvas for its page, PDF, SVG, API and export (a fixed number of queries)."""

from dataclasses import dataclass, field

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from samenwerkwijzer.collaborations.access import CollaborationAccess
from samenwerkwijzer.instruments import definitions
from samenwerkwijzer.instruments.models import Round

from .models import Block, Canvas, CanvasChange, CanvasNote
from .prefill import PREFILLED_BLOCKS, source_label

# In our own words, one question per block (guide ch. 2: the added value of working together).
QUESTIONS = {
    Block.KEY_PARTNERS: _("Whom do you need outside the collaboration, and what do they bring?"),
    Block.KEY_ACTIVITIES: _("What must you do together to deliver that value?"),
    Block.KEY_RESOURCES: _("Which knowledge, people and means does that take, and who brings them?"),
    Block.VALUE_PROPOSITIONS: _(
        "What value does your collaboration deliver together that none of you can offer alone?"
    ),
    Block.CUSTOMER_RELATIONSHIPS: _("What relationship do your customers expect, and who keeps it?"),
    Block.CHANNELS: _("How do you reach your customers and deliver to them?"),
    Block.CUSTOMER_SEGMENTS: _("For which customers do you create value together?"),
    Block.COST_STRUCTURE: _("Which costs does the collaboration make, and how do you divide them?"),
    Block.REVENUE_STREAMS: _("What do customers pay for, and how do you divide the revenues?"),
}

# Short names for the grid areas of the nine-block layout (CSS and SVG).
AREAS = {
    Block.KEY_PARTNERS: "kp",
    Block.KEY_ACTIVITIES: "ka",
    Block.KEY_RESOURCES: "kr",
    Block.VALUE_PROPOSITIONS: "vp",
    Block.CUSTOMER_RELATIONSHIPS: "cr",
    Block.CHANNELS: "ch",
    Block.CUSTOMER_SEGMENTS: "cs",
    Block.COST_STRUCTURE: "co",
    Block.REVENUE_STREAMS: "re",
}


@dataclass
class NoteView:
    note: CanvasNote
    source: str  # translated, e.g. "from the goals in the agreement"; "" for a typed note

    @property
    def pk(self):
        return self.note.pk

    @property
    def text(self):
        return self.note.text


@dataclass
class BlockView:
    key: str
    label: str
    question: str
    area: str
    prefill: bool
    notes: list[NoteView] = field(default_factory=list)


@dataclass
class CanvasView:
    canvas: Canvas | None
    blocks: list[BlockView]

    @property
    def revision(self) -> int:
        return self.canvas.revision if self.canvas else 0

    @property
    def updated_at(self):
        return self.canvas.updated_at if self.canvas else None

    @property
    def note_count(self) -> int:
        return sum(len(b.notes) for b in self.blocks)


def block_label(block: str) -> str:
    return str(Block(block).label)


def canvas_of(collaboration) -> Canvas | None:
    return Canvas.objects.filter(collaboration=collaboration).first()


def canvas_view(access: CollaborationAccess) -> CanvasView:
    """The nine blocks in reading order, each with its notes in order (two queries)."""
    canvas = canvas_of(access.collaboration)
    notes = list(CanvasNote.objects.filter(canvas=canvas)) if canvas else []
    blocks = []
    for block in Block:
        blocks.append(
            BlockView(
                key=block.value,
                label=str(block.label),
                question=str(QUESTIONS[block]),
                area=AREAS[block],
                prefill=block in PREFILLED_BLOCKS,
                notes=[NoteView(n, source_label(n.source)) for n in notes if n.block == block.value],
            )
        )
    return CanvasView(canvas, blocks)


def changes_of(access: CollaborationAccess, *, block: str = ""):
    """The canvas's history, newest first, optionally of one block."""
    changes = CanvasChange.objects.filter(canvas__collaboration=access.collaboration)
    if block:
        changes = changes.filter(block=block)
    return changes


def get_note_for_access(access: CollaborationAccess, note_pk) -> CanvasNote:
    """A note of this collaboration's canvas, or 404 (also for another collaboration's note)."""
    note = CanvasNote.objects.filter(canvas__collaboration=access.collaboration, pk=note_pk).first()
    if note is None:
        raise Http404
    return note


def blind_rounds(access: CollaborationAccess) -> list:
    """The collaboration's blind canvas rounds (each organisation its own canvas first), newest first."""
    return list(
        Round.objects.filter(collaboration=access.collaboration, instrument=definitions.BUSINESSMODEL).order_by(
            "-number"
        )
    )
