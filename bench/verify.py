"""After a run: do the stored responses equal the acknowledged submissions, answer for answer?

Responses are anonymous, so they are matched by content: the multiset of stored responses
(language, segments, answers) against what the simulated respondents remember sending.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass

from bench.journey import Tally, canonical
from bench.serve import SECRET, Deployment


def _decoded(value):
    return json.loads(value) if isinstance(value, str) else (value or {})


def stored(deployment: Deployment) -> tuple[Counter, Counter]:
    """(responses, comment texts) kept by the deployment's database, as multisets."""
    if deployment.app == "ceiling":
        with sqlite3.connect(deployment.sqlite_path) as connection:
            rows = connection.execute("SELECT language, segments, answers FROM responses")
            responses = Counter(canonical(lang, _decoded(s), _decoded(a)) for lang, s, a in rows)
            comments = Counter(t for (t,) in connection.execute("SELECT text FROM comments"))
        return responses, comments
    from sqlalchemy import create_engine, text

    engine = create_engine(deployment.database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT language, segments, answers FROM responses WHERE assessment_id = :a"),
                {"a": deployment.assessment_id},
            )
            responses = Counter(canonical(lang, _decoded(s), _decoded(a)) for lang, s, a in rows)
            texts = connection.execute(
                text("SELECT text FROM comments WHERE assessment_id = :a"),
                {"a": deployment.assessment_id},
            )
            comments = Counter(t for (t,) in texts)
            sealed = _sealed(connection, deployment.assessment_id)
    finally:
        engine.dispose()
    for payload in sealed:
        responses[canonical(payload["language"], payload["segments"], payload["answers"])] += 1
        comments.update(payload["comments"].values())
    return responses, comments


def _sealed(connection, assessment_id: int) -> list[dict]:
    """Submissions still sealed (the survey is open), opened with the bench's secret key as
    the product opens them at close. Nothing when the product predates sealing."""
    from sqlalchemy import inspect, text

    if "sealed_submissions" not in inspect(connection).get_table_names():
        return []
    from readiness import create_app
    from readiness.sealing import unseal

    blobs = [blob for (blob,) in connection.execute(
        text("SELECT payload FROM sealed_submissions WHERE assessment_id = :a"),
        {"a": assessment_id},
    )]
    app = create_app({"SECRET_KEY": SECRET, "DATABASE_URL": "sqlite://", "ENV": "production"})
    with app.app_context():
        return [unseal(blob) for blob in blobs]


@dataclass
class Verdict:
    acknowledged: int
    in_doubt: int
    stored: int
    lost: int  # acknowledged but not stored
    unexpected: int  # stored but never sent whole: partial, altered or invented
    duplicated: int  # stored more often than it was sent
    in_doubt_stored: int
    comments_lost: int
    comments_unexpected: int

    @property
    def ok(self) -> bool:
        return not (self.lost or self.unexpected or self.duplicated or self.comments_lost
                    or self.comments_unexpected)

    def describe(self) -> str:
        return (
            f"acknowledged {self.acknowledged}, stored {self.stored}, lost {self.lost}, "
            f"partial/unexpected {self.unexpected}, duplicated {self.duplicated}, "
            f"in doubt {self.in_doubt} (of which stored {self.in_doubt_stored}), "
            f"comments lost {self.comments_lost}, comments unexpected {self.comments_unexpected}"
        )


def compare(tally: Tally, responses: Counter, comments: Counter) -> Verdict:
    acknowledged = Counter(tally.acknowledged)
    in_doubt = Counter(tally.in_doubt)
    may_exist = acknowledged + in_doubt
    lost = sum((acknowledged - responses).values())
    unexpected = sum(count for key, count in responses.items() if key not in may_exist)
    duplicated = sum(
        count - may_exist[key] for key, count in responses.items()
        if key in may_exist and count > may_exist[key]
    )
    in_doubt_stored = sum(min(responses[key], n) for key, n in in_doubt.items())
    acknowledged_comments = Counter(tally.acknowledged_comments)
    may_exist_comments = acknowledged_comments + Counter(tally.in_doubt_comments)
    return Verdict(
        acknowledged=sum(acknowledged.values()),
        in_doubt=sum(in_doubt.values()),
        stored=sum(responses.values()),
        lost=lost,
        unexpected=unexpected,
        duplicated=duplicated,
        in_doubt_stored=in_doubt_stored,
        comments_lost=sum((acknowledged_comments - comments).values()),
        comments_unexpected=sum((comments - may_exist_comments).values()),
    )


def verify(deployment: Deployment, tally: Tally) -> Verdict:
    return compare(tally, *stored(deployment))
