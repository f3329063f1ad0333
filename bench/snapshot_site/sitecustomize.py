"""Put first on PYTHONPATH when serving a snapshot: the editable install must not fill gaps.

The project is installed in editable mode, and its import hook would find a module missing from
the snapshot (say, a package not committed yet) in the working tree instead. Removing the hook
keeps the snapshot whole: what was not committed does not exist.
"""

import sys

sys.meta_path[:] = [f for f in sys.meta_path if "_EditableFinder" not in getattr(f, "__name__", "")]
