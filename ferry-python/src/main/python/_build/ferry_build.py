"""An in-tree PEP 517 build backend for the ferry package, standard library only.

The package has no dependencies and nothing to compile, so building it needs no setuptools, wheel or
network: ``pip install ferry-python/src/main/python`` works offline, with or without build isolation.
It writes a pure-Python wheel (``ferry-<version>-py3-none-any.whl``) and an sdist.
"""

import base64
import hashlib
import io
import os
import tarfile
import zipfile

NAME = "ferry"
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _version():
    with open(os.path.join(HERE, NAME, "__init__.py"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("__version__"):
                return line.split("=", 1)[1].strip().strip("\"'")
    raise RuntimeError("ferry/__init__.py has no __version__")


def _metadata(version):
    return ("Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: Write a Kafka consumer as one Python "
            "function; Ferry's engine runs it in production.\nRequires-Python: >=3.9\n" % (NAME, version))


def _sources():
    folder = os.path.join(HERE, NAME)
    return sorted(n for n in os.listdir(folder) if n.endswith(".py"))


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    version = _version()
    dist_info = "%s-%s.dist-info" % (NAME, version)
    files = []
    for module in _sources():
        with open(os.path.join(HERE, NAME, module), "rb") as f:
            files.append(("%s/%s" % (NAME, module), f.read()))
    files.append((dist_info + "/METADATA", _metadata(version).encode()))
    files.append((dist_info + "/WHEEL", b"Wheel-Version: 1.0\nGenerator: ferry_build\nRoot-Is-Purelib: true\n"
                                        b"Tag: py3-none-any\n"))
    record = io.StringIO()
    for path, data in files:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.write("%s,sha256=%s,%d\n" % (path, digest, len(data)))
    record.write(dist_info + "/RECORD,,\n")
    files.append((dist_info + "/RECORD", record.getvalue().encode()))
    name = "%s-%s-py3-none-any.whl" % (NAME, version)
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as wheel:
        for path, data in files:
            wheel.writestr(path, data)
    return name


def build_sdist(sdist_directory, config_settings=None):
    version = _version()
    base = "%s-%s" % (NAME, version)
    name = base + ".tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as sdist:
        for rel in ["pyproject.toml", "_build/ferry_build.py"] + ["%s/%s" % (NAME, m) for m in _sources()]:
            sdist.add(os.path.join(HERE, rel), arcname="%s/%s" % (base, rel))
        info = _metadata(version).encode()
        entry = tarfile.TarInfo("%s/PKG-INFO" % base)
        entry.size = len(info)
        sdist.addfile(entry, io.BytesIO(info))
    return name
