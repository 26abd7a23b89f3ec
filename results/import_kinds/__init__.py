"""Importing benchmark results: the kind (``kind``), the template's value columns per plan
version (``columns``) and the verdicts cached per indicator (``verdict_cache``). The rows are
written by ``results.services.imported``."""

from .columns import Slot, plan_slots, slot_columns
from .kind import ResultImportKind
from .verdict_cache import VerdictCache

__all__ = ["ResultImportKind", "Slot", "VerdictCache", "plan_slots", "slot_columns"]
