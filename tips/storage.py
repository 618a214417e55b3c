"""Where tip photos live: a private folder outside MEDIA_ROOT and the static
path, so no web server serves them. Officials download them only through a
permission-checked view."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class TipPhotoStorage(FileSystemStorage):
    """FileSystemStorage rooted at settings.TIP_PHOTO_ROOT, read on each use
    so tests can point it at a temporary folder; it has no public URL."""

    def __init__(self) -> None:
        # Readable by the portal's own user alone, whatever its umask.
        super().__init__(base_url=None, file_permissions_mode=0o600, directory_permissions_mode=0o700)

    @property
    def base_location(self) -> str:
        return str(settings.TIP_PHOTO_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Tip photos have no public URL; use the download view.")


def photo_storage() -> TipPhotoStorage:
    return TipPhotoStorage()
