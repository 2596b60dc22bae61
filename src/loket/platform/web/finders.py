"""Serve exactly the front-end files we use from ``node_modules`` (installed with npm from the lockfile).

Pointing ``STATICFILES_DIRS`` at whole package folders would also publish
build leftovers, some of which reference files that are not shipped.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Warning as CheckWarning
from django.core.files.storage import FileSystemStorage

# static prefix -> (package folder in node_modules, files)
VENDOR_FILES = {
    "vendor/utrecht": ("@utrecht/component-library-css/dist", ["index.css"]),
    "vendor/utrecht-tokens": ("@utrecht/design-tokens/dist", ["index.css"]),
    "vendor/htmx": ("htmx.org/dist", ["htmx.min.js"]),
    # leaflet.js names its source map; the manifest storage refuses to collect a file whose reference is missing.
    "vendor/leaflet": ("leaflet/dist", [
        "leaflet.js", "leaflet.js.map", "leaflet.css", "images/layers.png", "images/layers-2x.png",
        "images/marker-icon.png", "images/marker-icon-2x.png", "images/marker-shadow.png",
    ]),
}


class NodeModulesFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storages = {}
        for prefix, (folder, _files) in VENDOR_FILES.items():
            storage = FileSystemStorage(location=Path(settings.NODE_MODULES) / folder)
            storage.prefix = prefix
            self.storages[prefix] = storage

    def check(self, **kwargs):
        missing = [
            f"{folder}/{name}" for folder, names in VENDOR_FILES.values() for name in names
            if not (Path(settings.NODE_MODULES) / folder / name).exists()
        ]
        if missing:
            return [CheckWarning(
                f"Front-end packages are missing ({', '.join(missing)}): run `npm ci` in the project folder.",
                id="loket.W001",
            )]
        return []

    def find(self, path, find_all=False, **kwargs):
        matches = []
        for prefix, (folder, names) in VENDOR_FILES.items():
            for name in names:
                if path == f"{prefix}/{name}":
                    full = Path(settings.NODE_MODULES) / folder / name
                    if full.exists():
                        if not find_all:
                            return str(full)
                        matches.append(str(full))
        return matches

    def list(self, ignore_patterns):
        for prefix, (_folder, names) in VENDOR_FILES.items():
            storage = self.storages[prefix]
            for name in names:
                if storage.exists(name):
                    yield name, storage
