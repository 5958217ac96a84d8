import json
import os
import struct
import subprocess
import sys
import tempfile
import textwrap
import unittest

import _paths


class Worker:
    """A worker process spoken to over its pipes, as the engine speaks to it."""

    def __init__(self, source, app):
        self.dir = tempfile.mkdtemp()
        path = os.path.join(self.dir, "consumer.py")
        with open(path, "w") as f:
            f.write(textwrap.dedent(source))
        env = dict(os.environ, PYTHONPATH=_paths.PACKAGE)
        self.p = subprocess.Popen([sys.executable, "-m", "ferry.worker", path, app], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)

    def send(self, message):
        body = json.dumps(message).encode()
        self.p.stdin.write(struct.pack(">I", len(body)) + body)
        self.p.stdin.flush()

    def read(self):
        header = self.p.stdout.read(4)
        if len(header) < 4:
            return None
        (n,) = struct.unpack(">I", header)
        return json.loads(self.p.stdout.read(n))

    def close(self):
        self.p.stdin.close()
        code = self.p.wait(timeout=20)
        err = self.p.stderr.read().decode()
        self.p.stdout.close()
        self.p.stderr.close()
        return code, err


SOURCE = """
    import asyncio, json
    import ferry

    @ferry.register(app='sync', topics='in', output_schema={'out': {'n': int}})
    def sync(messages):
        print("printed, not a frame")
        if messages == ['boom']:
            raise ValueError("no boom please")
        if messages == ['shape']:
            return [1]
        return {'out': [{'n': len(m)} for m in messages]}

    @ferry.register(app='slow-first', topics='in', output_schema={'out': {'n': int}})
    async def slow_first(messages):
        await asyncio.sleep(0.5 if messages == ['slow'] else 0)
        return {'out': [{'n': len(messages[0])}]}
"""


class WorkerProtocol(unittest.TestCase):

    def test_answers_batches_in_frames_and_prints_to_standard_error(self):
        w = Worker(SOURCE, "sync")
        ready = w.read()
        self.assertEqual((ready["type"], ready["protocol"], ready["app"], ready["async"]), ("ready", 1, "sync", False))
        w.send({"type": "batch", "id": 1, "messages": ["ab", "abc"]})
        self.assertEqual(w.read(), {"type": "result", "id": 1, "outputs": {"out": [{"n": 2}, {"n": 3}]}})
        code, err = w.close()
        self.assertEqual(code, 0)
        self.assertIn("printed, not a frame", err)

    def test_an_exception_is_an_error_frame_with_the_traceback_and_the_worker_goes_on(self):
        w = Worker(SOURCE, "sync")
        w.read()
        w.send({"type": "batch", "id": 1, "messages": ["boom"]})
        error = w.read()
        self.assertEqual((error["type"], error["id"], error["kind"], error["error"]),
                         ("error", 1, "function", "ValueError: no boom please"))
        self.assertIn('in sync\n    raise ValueError("no boom please")', error["traceback"])
        w.send({"type": "batch", "id": 2, "messages": ["shape"]})
        shape = w.read()
        self.assertEqual((shape["kind"], shape["id"]), ("output", 2))
        self.assertIn("the function returned list; return a dict from output topic", shape["error"])
        w.send({"type": "batch", "id": 3, "messages": ["x"]})
        self.assertEqual(w.read()["outputs"], {"out": [{"n": 1}]})
        self.assertEqual(w.close()[0], 0)

    def test_an_async_function_answers_batches_as_they_finish(self):
        w = Worker(SOURCE, "slow-first")
        self.assertTrue(w.read()["async"])
        w.send({"type": "batch", "id": 1, "messages": ["slow"]})
        w.send({"type": "batch", "id": 2, "messages": ["fast!"]})
        first, second = w.read(), w.read()
        self.assertEqual([first["id"], second["id"]], [2, 1])
        self.assertEqual(second["outputs"], {"out": [{"n": 4}]})
        self.assertEqual(w.close()[0], 0)

    def test_a_file_that_fails_to_import_says_why(self):
        w = Worker("import no_such_module\n", "x")
        failed = w.read()
        self.assertEqual(failed["type"], "failed")
        self.assertIn("No module named 'no_such_module'", failed["error"])
        self.assertEqual(w.close()[0], 1)

    def test_an_unknown_app_names_the_ones_there_are(self):
        w = Worker(SOURCE, "nope")
        self.assertIn("has no app named 'nope'; it registers: sync, slow-first", w.read()["error"])
        w.close()


if __name__ == "__main__":
    unittest.main()
