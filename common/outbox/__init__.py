from common.outbox.services import outbox_enqueue, outbox_relay, outbox_relay_pending

__all__ = ["outbox_enqueue", "outbox_relay", "outbox_relay_pending"]
