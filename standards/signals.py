"""What the library tells the apps that build on it.

``lifecycle_changed`` is sent, after the transaction commits, with the ids of standards whose
replacement, withdrawal or status changed: the results app flags the plans and results compared
with them and tells their authors (the library knows nothing of plans or results).
"""

from django.dispatch import Signal

lifecycle_changed = Signal()  # standard_ids: list[int]
