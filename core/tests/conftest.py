"""Fixtures of the core tests."""

import pytest

from ..imports import registry
from .heartbeat_kind import HeartbeatKind


@pytest.fixture
def heartbeat_kind():
    """The test import kind ``HeartbeatKind`` registered for the test, its validation hook reset after."""
    registry.register(HeartbeatKind.name, HeartbeatKind)
    yield HeartbeatKind
    HeartbeatKind.on_validate = None
    registry.unregister(HeartbeatKind.name)
