"""The reporting thresholds and the two plain checks against them, apart from the rules that
apply them to groups (``scoring.anonymity``), so the database models, forms and console pages can
name them without loading the numerical libraries."""

#: The minimum reporting group when an assessment does not choose its own (Qualtrics, Glint
#: and Culture Amp all default to 5).
DEFAULT_K = 5
#: Nobody may choose fewer: in a group of two, each member knows the other's answers.
MIN_K = 3
#: Comments are quoted word for word, so they wait for more writers (Glint uses 10).
DEFAULT_COMMENT_K = 10


def result_released(n: int, k: int) -> bool:
    """Whether any figure of a set of ``n`` responses may be shown at all."""
    return n >= k


def comments_released(written: int, comment_k: int) -> bool:
    """Whether the open answers to one question may be shown (shuffled, never linked)."""
    return written >= comment_k
