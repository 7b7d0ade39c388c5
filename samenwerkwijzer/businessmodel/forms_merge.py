from django import forms

from . import merge


class MergeForm(forms.Form):
    """Per block of the canvas, the notes of a revealed blind round to add to the joint canvas.

    One field per block (named after the block) whose choices are the round's distinct notes; the page
    offers those not yet on the joint canvas (one added meanwhile is skipped by the service, never
    doubled). Ticked at first: what every organisation wrote and the joint canvas lacks.
    """

    def __init__(self, *args, differences: list[merge.BlockDifferences], labels: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for block in differences:
            if not block.notes:
                continue
            self.fields[block.block] = forms.MultipleChoiceField(
                label=labels[block.block],
                required=False,
                choices=[(note.text, note.text) for note in block.notes],
                initial=[note.text for note in block.notes if note.preselected],
                widget=forms.CheckboxSelectMultiple,
            )

    def chosen(self) -> dict[str, list[str]]:
        return {block: texts for block, texts in self.cleaned_data.items() if texts}
