"""gunicorn settings, read automatically when gunicorn starts in this directory.

Command-line options (``--workers``, ``--bind``) still win over these.
"""

import gc

# Import the application once in the master and fork ready workers from it, so that no worker
# pays for the imports at start, or again when one is replaced after a crash while the others
# serve the nine o'clock rush. Forked workers also share that memory.
preload_app = True

# Workers give their time only to requests that have arrived whole; slow clients wait together
# in each worker's event loop (readiness/serving.py). With gunicorn's plain sync worker four
# clients sending their headers a byte at a time stopped the survey for everyone.
worker_class = "readiness.serving.BufferingWorker"

# Several masters on one machine (benchmarks, a blue/green restart) must not fight over the
# default control socket in the home directory.
control_socket_disable = True

# No access log: respondents were promised that no IP address is kept.
accesslog = None


def when_ready(server):
    # Commands start quickly because numpy, scipy, matplotlib and reportlab are imported where
    # they are used. A server imports them here once, in the master before the first fork, so
    # that every worker shares them and the first reader of results, charts or a PDF does not
    # wait for them.
    import scipy.special  # noqa: F401  (the intervals' and the trend's, imported on first use)

    import reports.charts  # noqa: F401
    import reports.pdf  # noqa: F401
    import scoring.document  # noqa: F401


def pre_fork(server, worker):
    # Everything the master imported lives as long as the worker: move it out of the garbage
    # collector's sight. Otherwise each full collection walks (and so copies, page by page)
    # the shared heap, and a worker's final collection at exit takes seconds, during which a
    # graceful stop or restart keeps the port closed.
    gc.freeze()


def post_fork(server, worker):
    # A worker must not share a database connection with the master or a sibling.
    from readiness import db
    from wsgi import app

    db.forget_inherited_connections(app)
