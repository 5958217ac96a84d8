"""``python3 -m ferry.describe FILE``: the apps a file registers, as JSON descriptors for the engine."""

import json
import sys
import traceback

from ._loader import load_file
from ._registry import registered_apps


def main(argv):
    if len(argv) != 1:
        sys.stderr.write("usage: python3 -m ferry.describe FILE\n")
        return 2
    out = sys.stdout
    sys.stdout = sys.stderr  # what the file prints on import is not the description
    try:
        load_file(argv[0])
        described = {"apps": [a.descriptor() for a in registered_apps()]}
    except BaseException as e:
        described = {"error": "%s: %s" % (type(e).__name__, e), "traceback": traceback.format_exc()}
    out.write(json.dumps(described))
    out.flush()
    return 0 if "apps" in described else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
