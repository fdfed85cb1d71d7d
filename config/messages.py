"""Compile every Korean catalogue (`*/locale/<lang>/LC_MESSAGES/django.po` -> `.mo`) in pure
Python with Babel, so `make run` and `make test` need nothing but Python (no GNU gettext); then
copy vendor catalogues filed under another code than ours (DRF ships "ko_KR") to
var/locale-vendor/<ours>/, where LOCALE_PATHS finds them for LANGUAGE_CODE "ko".

    python -m config.messages
"""

from pathlib import Path

import rest_framework
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "var", "node_modules", ".git"}
VENDOR_TARGET = ROOT / "var" / "locale-vendor"
VENDOR = {"ko": Path(rest_framework.__file__).parent / "locale" / "ko_KR"}


def catalogues():
    for po in ROOT.glob("**/locale/*/LC_MESSAGES/django.po"):
        if not SKIP.intersection(po.relative_to(ROOT).parts):
            yield po


def compile_catalogue(po: Path) -> None:
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        return
    language = po.parent.parent.name
    with po.open("rb") as source:
        catalog = read_po(source, locale=language)
    # An empty "Language:" header unsets it; the plural rule in the .mo comes from it.
    catalog.locale = language
    with mo.open("wb") as target:
        write_mo(target, catalog)  # fuzzy entries are left out, as msgfmt does


def main() -> None:
    for po in catalogues():
        compile_catalogue(po)
    for code, source in VENDOR.items():
        destination = VENDOR_TARGET / code / "LC_MESSAGES"
        destination.mkdir(parents=True, exist_ok=True)
        (destination / "django.mo").write_bytes((source / "LC_MESSAGES" / "django.mo").read_bytes())


if __name__ == "__main__":
    main()
