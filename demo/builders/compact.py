"""Columns that hold a large demo's per-enterprise data in a few bytes a row.

At scale 100 the seed keeps 1.6 million enterprises in memory (the plans and results draw from
them at random); as Python objects, one per field per row, that was ~600 bytes an enterprise.
These columns keep numbers in ``array``s, repeated codes as small indexes into their distinct
values, and text as UTF-8 in one buffer, and read back as the plain values (``column[i]``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from array import array
from collections.abc import Iterable, Iterator, Mapping


class CodeColumn:
    """Few distinct values (city codes, divisions), many rows: an index per row."""

    def __init__(self) -> None:
        self._values: list[str] = []
        self._index: dict[str, int] = {}
        self._rows = array("I")

    def append(self, value: str) -> None:
        index = self._index.get(value)
        if index is None:
            index = self._index[value] = len(self._values)
            self._values.append(value)
        self._rows.append(index)

    def __getitem__(self, row: int) -> str:
        return self._values[self._rows[row]]

    def __len__(self) -> int:
        return len(self._rows)


class DateColumn:
    def __init__(self) -> None:
        self._ordinals = array("I")

    def append(self, day: dt.date) -> None:
        self._ordinals.append(day.toordinal())

    def __getitem__(self, row: int) -> dt.date:
        return dt.date.fromordinal(self._ordinals[row])

    def __len__(self) -> int:
        return len(self._ordinals)


class TextColumn:
    """Short texts (names) as UTF-8 in one buffer, with each row's end offset."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._ends = array("Q")

    def append(self, text: str) -> None:
        self._buffer += text.encode()
        self._ends.append(len(self._buffer))

    def __getitem__(self, row: int) -> str:
        start = self._ends[row - 1] if row else 0
        return self._buffer[start:self._ends[row]].decode()

    def __len__(self) -> int:
        return len(self._ends)


class SeenTexts:
    """Which texts were handed out already (names, codes that must be unique), as 8-byte digests
    in an open-addressing table (16 bytes a text, where a set of the texts took ~200). A digest
    shared by two different texts only makes the second draw again, so uniqueness holds."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self._slots = array("Q", [0]) * 1024
        self._count = 0
        for text in texts:
            self.add(text)

    @staticmethod
    def _digest(text: str) -> int:
        digest = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
        return digest or 1  # 0 marks an empty slot

    def _slot(self, digest: int) -> tuple[int, bool]:
        """Where ``digest`` is, or the empty slot where it would go (linear probing)."""
        slots, mask = self._slots, len(self._slots) - 1
        index = digest & mask
        while True:
            found = slots[index]
            if found == digest:
                return index, True
            if not found:
                return index, False
            index = (index + 1) & mask

    def __contains__(self, text: str) -> bool:
        return self._slot(self._digest(text))[1]

    def add(self, text: str) -> None:
        digest = self._digest(text)
        index, present = self._slot(digest)
        if present:
            return
        self._slots[index] = digest
        self._count += 1
        if self._count * 2 > len(self._slots):  # at most half full: probes stay short
            # Repeating a one-item array allocates the table once; from ``bytes`` it was built twice.
            old, self._slots = self._slots, array("Q", [0]) * (2 * len(self._slots))
            for digest in old:
                if digest:
                    self._slots[self._slot(digest)[0]] = digest

    def __len__(self) -> int:
        return self._count


class LimitRows:
    """Every synthetic standard's limits as rows of flat columns: bounds in a ``array`` of
    doubles (NaN for an open side), indicator keys, units and conditions as indexes into their
    few distinct texts. At scale 100 the catalogue's 400,000 standards held their limits as a
    dict of tuples of floats each, ~490 MB; a row here is ~28 bytes."""

    def __init__(self) -> None:
        self.keys, self.units, self.conditions = CodeColumn(), CodeColumn(), CodeColumn()
        self.bounds = array("d")

    def pack(self, limits: dict[str, tuple[float | None, float | None, str, str]]) -> PackedLimits:
        start = len(self.keys)
        for key, (minimum, maximum, unit, condition) in limits.items():
            self.keys.append(key)
            self.units.append(unit)
            self.conditions.append(condition)
            self.bounds.extend((_NAN if minimum is None else minimum, _NAN if maximum is None else maximum))
        return PackedLimits(self, start, len(self.keys))


_NAN = float("nan")


def _bound(value: float) -> float | None:
    return None if value != value else value  # NaN is the only value unequal to itself


class PackedLimits(Mapping):
    """One standard's limits, read from its ``LimitRows``: indicator key -> (minimum, maximum,
    unit, condition), as the dict it was packed from."""

    __slots__ = ("rows", "start", "stop")

    def __init__(self, rows: LimitRows, start: int, stop: int) -> None:
        self.rows, self.start, self.stop = rows, start, stop

    def __getitem__(self, key: str) -> tuple[float | None, float | None, str, str]:
        rows = self.rows
        for row in range(self.start, self.stop):
            if rows.keys[row] == key:
                return (_bound(rows.bounds[2 * row]), _bound(rows.bounds[2 * row + 1]), rows.units[row],
                        rows.conditions[row])
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return (self.rows.keys[row] for row in range(self.start, self.stop))

    def __len__(self) -> int:
        return self.stop - self.start
