"""Copy vendor translations filed under another code than ours (DRF's "ko_KR") to
var/locale-vendor/<ours>/ so that Django finds them for LANGUAGE_CODE "ko". Run by
`make messages`."""

import shutil
from pathlib import Path

import rest_framework

TARGET = Path(__file__).resolve().parent.parent / "var" / "locale-vendor"
VENDOR = {"ko": Path(rest_framework.__file__).parent / "locale" / "ko_KR"}


def main() -> None:
    for code, source in VENDOR.items():
        destination = TARGET / code / "LC_MESSAGES"
        destination.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / "LC_MESSAGES" / "django.mo", destination / "django.mo")


if __name__ == "__main__":
    main()
