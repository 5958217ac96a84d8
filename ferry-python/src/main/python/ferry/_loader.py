"""Imports an author's file and finds its registered apps."""

import importlib.util
import os
import sys

from ._registry import registered_apps


def load_file(path):
    """Imports the file as a module named after it, with its folder on the path (for its own imports)."""
    path = os.path.abspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError("%s: no such file" % path)
    folder = os.path.dirname(path)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load_app(path, name=None):
    """The app registered under ``name`` in the file, or its only app."""
    load_file(path)
    apps = registered_apps()
    if name:
        for app in apps:
            if app.name == name:
                return app
        raise LookupError("%s has no app named '%s'; it registers: %s"
                          % (path, name, ", ".join(a.name for a in apps) or "none"))
    if len(apps) != 1:
        raise LookupError("%s registers %s; choose one with --app" % (
            path, "no app: decorate a function with @ferry.register(...)" if not apps
            else "%d apps (%s)" % (len(apps), ", ".join(a.name for a in apps))))
    return apps[0]
