"""The standard envelope every Ferry output event may be: ``{'metadata': {...}, 'payload': {...}}``."""

from typing import Any, Optional


def make_output_event(payload: Any, *, id: Optional[str] = None, version: Optional[str] = None,
                      timestamp: Optional[str] = None) -> dict:
    """An output event in the standard envelope.

    Left empty, ``metadata.id`` is filled by the engine with an id derived from the input event and
    the output's position (so a retried batch writes the same ids), ``metadata.version`` with the
    output's declared version (default ``"1"``) and ``metadata.timestamp`` with the time it is written,
    exactly as for Java apps.
    """
    return {"metadata": {"timestamp": timestamp or "", "id": id or "", "version": version or ""},
            "payload": payload}
