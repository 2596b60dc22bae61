"""The category taxonomy the classifier predicts: main and sub categories by slug, with their names.

Read from the taxonomy file that ships with Loket (``meldingen/data/signalen-categories.json``, 9 main and
77 sub categories). Sub slugs are unique among sub categories and main slugs among main categories (the
"overig" sub category sits under the "overig" main category, so the two levels are kept apart).
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TAXONOMY_FILE = Path(__file__).resolve().parent.parent / "data" / "signalen-categories.json"


@dataclass(frozen=True)
class Taxonomy:
    main_names: dict[str, str]  # main slug -> name, in file order
    sub_names: dict[str, str]  # sub slug -> name, in file order
    parent: dict[str, str]  # sub slug -> main slug

    def subs_of(self, main: str) -> list[str]:
        return [sub for sub, parent in self.parent.items() if parent == main]


@cache
def taxonomy() -> Taxonomy:
    rows = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    by_pk = {row["pk"]: row["fields"] for row in rows}
    main_names, sub_names, parent = {}, {}, {}
    for fields in by_pk.values():
        if fields["parent"] is None and fields.get("is_active", True):
            main_names[fields["slug"]] = fields["name"]
    for fields in by_pk.values():
        if fields["parent"] is not None and fields.get("is_active", True):
            main_slug = by_pk[fields["parent"]]["slug"]
            if main_slug in main_names:
                sub_names[fields["slug"]] = fields["name"]
                parent[fields["slug"]] = main_slug
    return Taxonomy(main_names=main_names, sub_names=sub_names, parent=parent)
