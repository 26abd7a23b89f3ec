"""Importing benchmark results: the kind and its row checks (``kind``), the template's columns
per plan version (``columns``), what a job knows while it reads (``context``) and the verdicts
cached per indicator (``verdict_cache``). The rows are written by ``results.services.imported``."""

from .columns import Slot, plan_slots, slot_columns
from .kind import ResultImportKind
from .verdict_cache import VerdictCache

__all__ = ["ResultImportKind", "Slot", "VerdictCache", "plan_slots", "slot_columns"]
