"""The append-only, hash-chained audit log. Knows no feature package.

Each event's hash is SHA-256 over the previous event's hash and the event's canonical
JSON, not an HMAC: anyone holding an export can recheck the chain without a secret,
and a secret key kept on the same server would protect little against someone who can
already rewrite the database. What SHA-256 alone cannot catch, a rewrite of the whole
chain from some point on, is caught by comparing with a chain head kept elsewhere
(`lamppu audit head` now, `lamppu audit verify --expect-head SEQ:HASH` later).
"""

from registry.audit.services import actor_ids, destroy_texts, events_holding, record, subscribe, text_ref

__all__ = ["actor_ids", "destroy_texts", "events_holding", "record", "subscribe", "text_ref"]
