"""How a delivery is signed (the receiver's side is in the README).

``GreenCert-Signature: t=<unix seconds>,v1=<hex>`` where the hex is
HMAC-SHA256 keyed with the endpoint's secret (its UTF-8 bytes) over the
timestamp, a dot and the body's bytes — Stripe's scheme.  The timestamp is
signed with the body, so a receiver can refuse an old message replayed;
``GreenCert-Event-Id`` lets it ignore an event it already handled.

The figure below was worked out with ``openssl dgst -sha256 -hmac s3cret``:

>>> signature(b"s3cret", 1700000000, b'{"a":1}')
't=1700000000,v1=1698a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e098940'
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "GreenCert-Signature"
EVENT_ID_HEADER = "GreenCert-Event-Id"
EVENT_TYPE_HEADER = "GreenCert-Event-Type"
ATTEMPT_HEADER = "GreenCert-Delivery-Attempt"


def signature(secret: bytes, timestamp: int, body: bytes) -> str:
    """The signature header's value for *body* sent at *timestamp*."""
    mac = hmac.new(secret, str(timestamp).encode() + b"." + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"
