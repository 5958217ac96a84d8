import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.normpath(os.path.join(HERE, "..", "..", "main", "python"))
EXAMPLES = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "examples", "python"))
if PACKAGE not in sys.path:
    sys.path.insert(0, PACKAGE)
