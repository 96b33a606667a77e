"""A machine without Debian's libvoikko: loading any `*voikko*` shared library fails.

Python imports `sitecustomize` at start-up, so putting this directory first on PYTHONPATH hides
libvoikko from a whole process (the pip-only search run in `.ci/run` and the subprocesses of
tests/unit/search/test_voikko_backends.py). The PyPI `libvoikko` binding stays importable, as on
a machine where pip installed it but apt did not install the library.
"""

import ctypes

_load = ctypes.CDLL.__init__


def _refuse_voikko(self, name, *args, **kwargs):
    if name and "voikko" in str(name).lower():
        raise OSError(f"{name}: cannot open shared object file: No such file or directory")
    _load(self, name, *args, **kwargs)


ctypes.CDLL.__init__ = _refuse_voikko
