"""What the engine raises: a refused file, a bad cell. Messages are translated where raised."""

from __future__ import annotations


class ImportRefused(Exception):
    """The file (or the job) is refused as a whole; ``message`` is shown and stored on the job."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = str(message)
        self.code = code


class CellError(ValueError):
    """One cell's value cannot be read; the message names what was expected."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)
