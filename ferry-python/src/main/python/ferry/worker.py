"""The worker process Ferry's engine drives: ``python3 -m ferry.worker FILE APP``.

It imports the author's file, finds the registered app, and answers batches over a framed protocol
on its standard input and output (see docs/python.md): each frame is a 4-byte big-endian length and
that many bytes of a UTF-8 JSON object. Everything the author's code prints goes to standard error,
which the engine logs; standard output carries frames only.
"""

import asyncio
import json
import os
import struct
import sys
import threading
import traceback

from ._calls import OutputShapeError, encoded, outputs_of
from ._loader import load_app

PROTOCOL = 1
_HEADER = struct.Struct(">I")
MAX_FRAME = 256 * 1024 * 1024


class Frames:
    """Reads and writes length-prefixed JSON frames; writes from several threads are serialised."""

    def __init__(self, reader, writer):
        self._reader, self._writer, self._lock = reader, writer, threading.Lock()

    def read(self):
        header = self._exactly(_HEADER.size)
        if header is None:
            return None
        (n,) = _HEADER.unpack(header)
        if n > MAX_FRAME:
            raise ValueError("frame of %d bytes is larger than %d" % (n, MAX_FRAME))
        body = self._exactly(n)
        if body is None:
            raise EOFError("the engine closed the pipe in the middle of a frame")
        return json.loads(body.decode("utf-8"))

    def write(self, message):
        body = json.dumps(message, allow_nan=False, separators=(",", ":")).encode("utf-8")
        with self._lock:
            self._writer.write(_HEADER.pack(len(body)) + body)
            self._writer.flush()

    def _exactly(self, n):
        chunks, left = [], n
        while left:
            chunk = self._reader.read(left)
            if not chunk:
                if left == n:
                    return None
                raise EOFError("the engine closed the pipe in the middle of a frame")
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)


def answer(app, batch_id, call):
    """The frame answering one batch: its outputs, or the failure with the traceback."""
    try:
        returned = call()
        return {"type": "result", "id": batch_id, "outputs": encoded(app, outputs_of(app, returned))}
    except OutputShapeError as e:
        return {"type": "error", "id": batch_id, "kind": "output", "error": str(e), "traceback": ""}
    except BaseException as e:  # the author's exception, whatever it is, fails the batch, not the worker
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            raise
        return {"type": "error", "id": batch_id, "kind": "function",
                "error": "%s: %s" % (type(e).__name__, e), "traceback": traceback.format_exc()}


def serve(app, frames):
    frames.write({"type": "ready", "protocol": PROTOCOL, "app": app.name, "pid": os.getpid(),
                  "async": app.is_async})
    if app.is_async:
        _serve_async(app, frames)
    else:
        while True:
            message = frames.read()
            if message is None or message.get("type") == "stop":
                return
            frames.write(answer(app, message["id"], lambda: app.function(message["messages"])))


def _serve_async(app, frames):
    loop = asyncio.new_event_loop()
    done = asyncio.Event()

    async def one(message):
        try:
            outputs = await app.function(message["messages"])
            reply = answer(app, message["id"], lambda: outputs)
        except BaseException:  # noqa: B902 - the same as a synchronous function's exception
            captured = sys.exc_info()[1]

            def fail():
                raise captured
            reply = answer(app, message["id"], fail)
        frames.write(reply)

    def read():
        try:
            while True:
                message = frames.read()
                if message is None or message.get("type") == "stop":
                    break
                loop.call_soon_threadsafe(lambda m=message: loop.create_task(one(m)))
        finally:
            loop.call_soon_threadsafe(done.set)

    async def main():
        threading.Thread(target=read, name="ferry-frames", daemon=True).start()
        await done.wait()
        pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)

    loop.run_until_complete(main())


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: python3 -m ferry.worker FILE APP\n")
        return 2
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # print() and C libraries writing to fd 1 land in standard error, never in a frame
    sys.stdout = sys.stderr
    frames = Frames(sys.stdin.buffer, out)
    try:
        app = load_app(argv[0], argv[1])
    except BaseException as e:
        frames.write({"type": "failed", "error": "%s: %s" % (type(e).__name__, e), "traceback": traceback.format_exc()})
        return 1
    serve(app, frames)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
