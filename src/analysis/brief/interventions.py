"""The brief's texts about the household register: how village data were made, small cells.

Kept apart from `analysis.brief.notes` (one call there) so that the register topic has its own
file; reads only the validated parameters and the catalogue (the brief never imports a stage).
"""

from __future__ import annotations


def register_notes(brief) -> list[str]:
    """Method notes for a panel built from a household register (empty for other sources).

    Parameters
    ----------
    brief : analysis.brief.document.Brief
        The loaded brief (its parameters say where the village data came from).

    Returns
    -------
    list of str
        The register note and the small-cell protection note, in the brief's language.
    """
    settings = brief.params.village_data
    if settings.source != "register" or not brief.pockets:
        return []
    layout = settings.layout or "p3ke"
    # A preset is named; a layout file's path could carry a person's name, so it is not shown.
    shown = layout if layout.isidentifier() else brief.label("register_own_layout")
    source = shown.upper() if shown == layout else ""
    return [
        brief.label("notes_register", source=source, layout=shown),
        brief.label("notes_small_cells", threshold=settings.small_cell_threshold),
    ]
