"""Every write and state transition of the campaign core, split by subdomain."""

from .ops import heartbeat_enqueue, heartbeat_record

__all__ = ["heartbeat_enqueue", "heartbeat_record"]
