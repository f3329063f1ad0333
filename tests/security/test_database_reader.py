"""Reading the database as the outside tester of issue 18 did, holding the codes list.

The tester has what the comms lead has after a mail merge (every code, and who got which), read
access to the database files (SQLite's file, its WAL, a backup) or to PostgreSQL with its
system columns, and knows when each person sent and what groups they are in. Thirty people
answer a survey shared both ways, half through their code's link and half through the open
link, each in a group of their own and with a comment only they wrote. The tester then tries
every pairing issue 18 found: a code's hash in the file, the commit a response shares with its
code, and the order of rows in pages.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import random
import re
import secrets
import sqlite3
import struct
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from statistics import NormalDist

import pytest
from sqlalchemy import make_url, select, text

from readiness import db
from readiness.assessments import instrument_of
from readiness.codes import normalise_short
from readiness.models import Assessment, Base
from readiness.respond.services import link_throttle
from surveys.model import PREFER_NOT_TO_SAY
from tests.admin.helpers import login, page_token
from tests.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, CSRF, make_user
from tests.respond.conftest import Respondent, close_all, make_codes, make_survey

#: People who answer; half of them through a code's link.
PEOPLE = 30
#: Codes on the comms lead's list: more than were used, as with any mail merge.
CODES = 20
#: The tester's inputs are fixed so that a failure can be replayed; the product's shuffles are not.
SEED = 18

ON_SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
ON_POSTGRES = pytest.mark.parametrize("database_url", ["postgres"], indirect=True)

#: Two-sided: a random order falls outside `chance_band` with probability below one in a
#: million (Φ⁻¹(1 - 0.5e-6) = 4.89).
Z = NormalDist().inv_cdf(1 - 0.5e-6)


def chance_band(n: int) -> tuple[float, float]:
    """The concordant fraction of pairs that a random order of ``n`` items stays within.

    In a uniformly random order the number of pairs (of N = n(n-1)/2) that keep arrival order
    has mean N/2 and variance n(n-1)(2n+5)/72 (Kendall's tau under independence). By the normal
    approximation it lies within Z standard deviations of the mean but with probability 1e-6;
    the exact distribution (Mahonian numbers) has lighter tails: for n = 30 the band is
    0.185 to 0.815 and a shuffle leaves it with probability 1.2e-7. An order that keeps 70% of
    pairs is not caught at n = 30; one that keeps 82% or more is.
    """
    pairs = n * (n - 1) / 2
    spread = Z * math.sqrt(n * (n - 1) * (2 * n + 5) / 72) / pairs
    return 0.5 - spread, 0.5 + spread


def concordance(arrivals: list[int]) -> float:
    """The fraction of pairs found in the same order as they arrived."""
    pairs = list(itertools.combinations(arrivals, 2))
    return sum(first < second for first, second in pairs) / len(pairs)


def assert_at_chance(arrivals: list[int], what: str) -> float:
    low, high = chance_band(len(arrivals))
    found = concordance(arrivals)
    assert low <= found <= high, (
        f"{what}: {found:.3f} of pairs in arrival order, outside {low:.3f}..{high:.3f} "
        f"(n = {len(arrivals)}; order seen: {arrivals})"
    )
    return found


# ---------------------------------------------------------------- the survey the tester watched


@dataclass(frozen=True)
class Person:
    arrival: int
    #: (long code, short code) from the list, or None for the open link
    code: tuple[str, str] | None
    segments: dict[str, str]
    #: the comment only this person wrote
    marker: str


@dataclass(frozen=True)
class Survey:
    public_id: str
    assessment_id: int
    #: the list the comms lead (and so the tester) holds
    codes: list[tuple[str, str]]
    #: in the order they sent their answers
    people: list[Person]

    def arrival_of_marker(self) -> dict[bytes, int]:
        return {person.marker.encode(): person.arrival for person in self.people}

    def arrival_of_segments(self) -> dict[tuple[str, ...], int]:
        return {tuple(person.segments.values()): person.arrival for person in self.people}


def _segment_options(app, public_id: str) -> dict[str, tuple[str, ...]]:
    with app.app_context():
        assessment = db.session().scalar(
            select(Assessment).where(Assessment.public_id == public_id)
        )
        return {
            question.id: tuple(o for o in question.option_ids() if o != PREFER_NOT_TO_SAY)
            for question in instrument_of(assessment).segments
        }


def run_survey(app) -> Survey:
    """Thirty people answer through the survey's pages, in an order the tester writes down."""
    rng = random.Random(SEED)
    public_id = make_survey(app, distribution="both")
    codes = make_codes(app, public_id, CODES)
    options = _segment_options(app, public_id)
    groups = rng.sample(list(itertools.product(*options.values())), PEOPLE)
    with_code = set(rng.sample(range(PEOPLE), PEOPLE // 2))
    handed_out = iter(rng.sample(codes, PEOPLE // 2))
    people = []
    for arrival, group in enumerate(groups):
        person = Person(
            arrival=arrival,
            code=next(handed_out) if arrival in with_code else None,
            segments=dict(zip(options, group, strict=True)),
            marker=f"marker-{arrival:02d}",
        )
        respondent = Respondent(app.test_client(), public_id)
        if person.code:
            assert respondent.open(f"/c/{person.code[0]}").status_code == 303
        respondent.start()
        respondent.answer("about", {f"segment_{q}": v for q, v in person.segments.items()})
        respondent.answer("ownership", {f"item_ow{i}": str(rng.randint(1, 5)) for i in range(1, 7)})
        respondent.answer("open", {"open_first_step": person.marker})
        assert respondent.submit().status_code == 303
        people.append(person)
    with app.app_context():
        assessment_id = db.session().scalar(
            select(Assessment.id).where(Assessment.public_id == public_id)
        )
    return Survey(public_id, assessment_id, codes, people)


def close_in_console(app, survey: Survey) -> None:
    """Close the survey as the comms lead does: the console's button, CSRF and all."""
    make_user(app, ADMIN_EMAIL, ADMIN_PASSWORD, "admin")
    admin = login(app.test_client(), ADMIN_EMAIL, ADMIN_PASSWORD)
    url = f"/admin/assessments/{survey.assessment_id}"
    closed = admin.post(f"{url}/close", data={"csrf_token": page_token(admin, url)})
    assert closed.status_code == 302
    with app.app_context():
        assert db.session().get(Assessment, survey.assessment_id).status == "closed"


# ---------------------------------------------------------------- what the tester derives


def derivable_digests(app, survey: Survey) -> dict[str, str]:
    """Every digest the tester can compute from the codes list without the server's key, by
    the name of what it was computed from: hashes of the codes as issue 18 found them stored,
    and the key a counter of a link's openings would be kept under if it were hashed without
    the server's key (the subject `services.present_link_code` counts, in the form
    readiness.throttle used before its keys were keyed)."""
    found = {}
    prefix = app.config.get("REDIS_KEY_PREFIX") or "readiness"
    scope = link_throttle.scope
    for place, (long_code, short_code) in enumerate(survey.codes):
        subject = f"link:{survey.assessment_id}:{long_code}"
        unkeyed = hashlib.sha256(f"{scope}:{subject}".encode()).hexdigest()[:32]
        preimages = {
            "long": long_code,
            "short": normalise_short(short_code),
            "short as printed": short_code,
            "link throttle key": f"{prefix}:throttle:{scope}:{unkeyed}",
        }
        for name, preimage in preimages.items():
            digest = hashlib.sha256(preimage.encode()).hexdigest()
            found[digest] = f"sha256({name}) of code {place}"
    return found


def digest_patterns(digests: dict[str, str]) -> dict[str, re.Pattern[bytes]]:
    """Each digest as it could be written: hex in either case, or its 32 raw bytes."""
    return {
        name: re.compile(
            b"|".join(re.escape(form) for form in (
                digest.encode(), digest.upper().encode(), bytes.fromhex(digest)
            ))
        )
        for digest, name in digests.items()
    }


def answer_patterns(survey: Survey) -> dict[str, re.Pattern[bytes]]:
    """What would give away an answer: a comment, or a group or item answer as stored JSON.

    The instrument's own text (kept with the assessment) names every option as ``id = "…"``;
    an option id in quotes anywhere else is an answer.
    """
    patterns = {person.marker: re.compile(re.escape(person.marker.encode()))
                for person in survey.people}
    questions = "|".join(survey.people[0].segments)
    patterns["a group answer"] = re.compile(rf'"(?:{questions})"\s*:'.encode())
    patterns["an item answer"] = re.compile(rb'"[a-z]{2}\d+"\s*:\s*\d')
    given = {option for person in survey.people for option in person.segments.values()}
    for option in sorted(given):
        patterns[f"option {option}"] = re.compile(rf'(?<!id = )"{option}"'.encode())
    return patterns


# ---------------------------------------------------------------- reading SQLite's files

WAL_HEADER = 32
FRAME_HEADER = 24


@dataclass(frozen=True)
class Frame:
    number: int
    page_number: int
    #: the database's size in pages after the commit this frame ends, or 0 within one
    commit_size: int
    salt: bytes
    page: bytes


def sqlite_path(app) -> Path:
    return Path(make_url(app.config["DATABASE_URL"]).database)


def page_size(database: bytes) -> int:
    size = struct.unpack(">H", database[16:18])[0]
    return 65536 if size == 1 else size


def database_pages(database: bytes) -> list[tuple[int, bytes]]:
    size = page_size(database)
    return [(start // size + 1, database[start : start + size])
            for start in range(0, len(database), size)]


def wal_frames(wal: bytes) -> list[Frame]:
    """Every whole frame in the file, of the current log and of older ones not yet overwritten."""
    if len(wal) < WAL_HEADER:
        return []
    size = struct.unpack(">I", wal[8:12])[0]
    frames = []
    for number, start in enumerate(range(WAL_HEADER, len(wal) - FRAME_HEADER - size + 1,
                                         FRAME_HEADER + size)):
        page_number, commit_size = struct.unpack(">II", wal[start : start + 8])
        frames.append(Frame(number, page_number, commit_size, wal[start + 8 : start + 16],
                            wal[start + FRAME_HEADER : start + FRAME_HEADER + size]))
    return frames


def wal_transactions(frames: list[Frame]) -> list[list[Frame]]:
    """Frames grouped by commit: a group ends at a frame with a commit size, or where the salt
    changes (the rest of an older log)."""
    groups: list[list[Frame]] = []
    current: list[Frame] = []
    for frame in frames:
        if current and frame.salt != current[-1].salt:
            groups.append(current)
            current = []
        current.append(frame)
        if frame.commit_size:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def where_found(files: dict[str, bytes], pattern: re.Pattern[bytes]) -> list[str]:
    """Each place ``pattern`` occurs: page of a database file, frame of a WAL, or raw offset."""
    places = []
    for name, data in files.items():
        if name.endswith("-wal"):
            here = [f"{name} frame {frame.number} (page {frame.page_number})"
                    for frame in wal_frames(data) if pattern.search(frame.page)]
        elif name.endswith("-shm") or len(data) < 100:
            here = [f"{name} offset {match.start()}" for match in pattern.finditer(data)]
        else:
            here = [f"{name} page {number}" for number, page in database_pages(data)
                    if pattern.search(page)]
        # Whatever frames and pages do not cover: the WAL's header, a torn last frame.
        if not here and pattern.search(data):
            here = [f"{name} (outside pages and frames)"]
        places += here
    return places


def database_files(app) -> dict[str, bytes]:
    path = sqlite_path(app)
    return {p.name: p.read_bytes()
            for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()}


def backup_copy(app, folder: Path) -> bytes:
    """A copy made as any backup tool does, with SQLite's online backup API."""
    copy = folder / "copy.sqlite"
    with closing(sqlite3.connect(sqlite_path(app))) as live, \
            closing(sqlite3.connect(copy)) as target:
        live.backup(target)
    return copy.read_bytes()


def segment_rows(survey: Survey) -> re.Pattern[bytes]:
    """The stored form of a response's groups, capturing each answer."""
    keys = [rf'"{question}":\s*"(\w+)"' for question in survey.people[0].segments]
    return re.compile(rb"\{" + rb",\s*".join(key.encode() for key in keys) + rb"\}")


def arrival_order_in(data: bytes, survey: Survey) -> tuple[list[int], list[int]]:
    """Arrivals of comments and of responses in the order the bytes hold them.

    Ordering by byte offset in a database file is ordering by page number, then by offset in
    the page. Each is placed where it is first found.
    """
    markers = survey.arrival_of_marker()
    found = {marker: data.find(marker) for marker in markers}
    missing = [marker for marker, offset in found.items() if offset < 0]
    assert not missing, f"comments not in the file: {missing}"
    comments = [markers[marker] for marker in sorted(found, key=found.get)]

    groups = survey.arrival_of_segments()
    responses: list[int] = []
    for match in segment_rows(survey).finditer(data):
        arrival = groups.get(tuple(value.decode() for value in match.groups()))
        if arrival is not None and arrival not in responses:
            responses.append(arrival)
    assert len(responses) == PEOPLE, f"found {len(responses)} of {PEOPLE} responses"
    return comments, responses


# ---------------------------------------------------------------- SQLite


@ON_SQLITE
def test_sqlite_files_and_backups_show_no_answer_while_the_survey_is_open(app, tmp_path):
    survey = run_survey(app)
    files = database_files(app)
    assert files.get("readiness.sqlite-wal"), "the submits are expected in the WAL"
    files["backup.sqlite"] = backup_copy(app, tmp_path)
    leaks = {what: where_found(files, pattern)
             for what, pattern in answer_patterns(survey).items()}
    assert not {what: places for what, places in leaks.items() if places}


@ON_SQLITE
def test_sqlite_files_hold_nothing_derivable_from_the_codes_list(app):
    survey = run_survey(app)
    files = database_files(app)
    leaks = {what: where_found(files, pattern)
             for what, pattern in digest_patterns(derivable_digests(app, survey)).items()}
    assert not {what: places for what, places in leaks.items() if places}


@ON_SQLITE
def test_sqlite_close_writes_every_response_and_comment_in_one_wal_transaction(app):
    survey = run_survey(app)
    # Closed without the console's checkpoint, so that the WAL still holds the mix to read.
    close_all(app)
    frames = wal_frames(database_files(app)["readiness.sqlite-wal"])
    wanted = {person.marker.encode() for person in survey.people}
    groups = survey.arrival_of_segments()
    holding = []
    for transaction in wal_transactions(frames):
        pages = b"".join(frame.page for frame in transaction)
        markers = {marker for marker in wanted if marker in pages}
        responses = {match.groups() for match in segment_rows(survey).finditer(pages)
                     if tuple(v.decode() for v in match.groups()) in groups}
        if markers or responses:
            holding.append((transaction[0].number, len(markers), len(responses)))
    assert holding, "the mix is expected in the WAL"
    assert [(comments, responses) for _, comments, responses in holding] == [(PEOPLE, PEOPLE)], (
        f"(first frame, comments, responses) of each transaction holding any: {holding}"
    )


@ON_SQLITE
def test_sqlite_file_after_close_keeps_no_arrival_order(app):
    survey = run_survey(app)
    close_in_console(app, survey)
    files = database_files(app)
    assert not files.get("readiness.sqlite-wal"), "closing checkpoints and empties the WAL"
    comments, responses = arrival_order_in(files["readiness.sqlite"], survey)
    assert_at_chance(comments, "comments in the file")
    assert_at_chance(responses, "responses in the file")
    # Nor does a comment's place say where its writer's answers are.
    assert_at_chance([responses.index(arrival) for arrival in comments],
                     "comments against responses")


@ON_SQLITE
def test_sqlite_backup_after_close_keeps_no_arrival_order(app, tmp_path):
    survey = run_survey(app)
    close_in_console(app, survey)
    comments, responses = arrival_order_in(backup_copy(app, tmp_path), survey)
    assert_at_chance(comments, "comments in the backup")
    assert_at_chance(responses, "responses in the backup")


# ---------------------------------------------------------------- the survey's links


def _rows(app, sql: str, **parameters) -> list[tuple]:
    with app.app_context():
        return [tuple(row) for row in db.session().execute(text(sql), parameters)]


def _open_link(app, public_id: str, code: str) -> tuple[int, str, int, str]:
    """What a fresh browser sees following a code's link: the redirect, then the page."""
    client = app.test_client()
    reply = client.get(f"/s/{public_id}/c/{code}")
    location = reply.headers.get("Location", "")
    landing = client.get(location) if location else reply
    body = CSRF.sub('name="csrf_token" value=""', landing.get_data(as_text=True))
    return reply.status_code, location, landing.status_code, body


def test_a_code_link_answers_alike_whether_its_code_was_used(app):
    public_id = make_survey(app, distribution="both")
    (spent, _), (unspent, _) = make_codes(app, public_id, 2)
    respondent = Respondent(app.test_client(), public_id)
    respondent.open(f"/c/{spent}")
    respondent.start()
    respondent.answer("open", {"open_first_step": "spending the code"})
    assert respondent.submit().status_code == 303
    assert _rows(app, "SELECT count(*) FROM access_codes WHERE used") == [(1,)]
    seen_spent, seen_unspent = (_open_link(app, public_id, code) for code in (spent, unspent))
    assert seen_spent[:3] == (303, f"/s/{public_id}", 200)
    assert seen_spent == seen_unspent


def test_an_unknown_code_link_is_not_found(app):
    public_id = make_survey(app, distribution="both")
    make_codes(app, public_id, 2)
    assert _open_link(app, public_id, secrets.token_urlsafe(24))[0] == 404


def test_a_code_link_opened_too_often_is_refused(app):
    app.config["CODE_LINK_MAX_OPENINGS"] = 3
    public_id = make_survey(app, distribution="both")
    [(code, _)] = make_codes(app, public_id)
    assert [_open_link(app, public_id, code)[0] for _ in range(4)] == [303, 303, 303, 429]


# ---------------------------------------------------------------- PostgreSQL


@ON_POSTGRES
def test_postgres_holds_no_answer_while_the_survey_is_open(app):
    survey = run_survey(app)
    mine = {"id": survey.assessment_id}
    assert _rows(app, "SELECT count(*) FROM responses WHERE assessment_id = :id", **mine) == [(0,)]
    assert _rows(app, "SELECT count(*) FROM comments WHERE assessment_id = :id", **mine) == [(0,)]
    payloads = [bytes(blob) for (blob,) in _rows(
        app, "SELECT payload FROM sealed_submissions WHERE assessment_id = :id", **mine)]
    assert len(payloads) == PEOPLE
    patterns = answer_patterns(survey)
    leaks = [what for what, pattern in patterns.items()
             if any(pattern.search(payload) for payload in payloads)]
    assert not leaks


@ON_POSTGRES
def test_postgres_close_shares_no_transaction_with_any_code(app):
    survey = run_survey(app)
    close_in_console(app, survey)
    mine = {"id": survey.assessment_id}
    responses = _rows(app, "SELECT DISTINCT xmin::text FROM responses WHERE assessment_id = :id",
                      **mine)
    comments = _rows(app, "SELECT DISTINCT xmin::text FROM comments WHERE assessment_id = :id",
                     **mine)
    assert len(responses) == 1 and comments == responses
    # The tester's query of issue 18, which matched 6 of 6.
    assert _rows(app, "SELECT c.link_hash, r.segments, r.answers FROM access_codes c "
                      "JOIN responses r ON r.xmin = c.xmin WHERE c.used") == []
    assert _rows(app, "SELECT count(*) FROM access_codes WHERE used") == [(PEOPLE // 2,)]


def every_stored_value(app) -> str:
    """Every row of every table as text, as someone with read access dumps it."""
    with app.app_context():
        session = db.session()
        return "\n".join(
            repr(tuple(row)) for table in Base.metadata.sorted_tables
            for row in session.execute(select(table))
        )


@ON_POSTGRES
def test_postgres_holds_nothing_derivable_from_the_codes_list(app):
    survey = run_survey(app)
    dump = every_stored_value(app).lower()
    found = [name for digest, name in derivable_digests(app, survey).items() if digest in dump]
    assert not found


@ON_POSTGRES
def test_postgres_row_order_after_close_follows_no_arrival(app):
    survey = run_survey(app)
    close_in_console(app, survey)
    mine = {"id": survey.assessment_id}
    markers = survey.arrival_of_marker()
    comments = [markers[comment.encode()] for (comment,) in _rows(
        app, "SELECT text FROM comments WHERE assessment_id = :id ORDER BY ctid", **mine)]
    groups = survey.arrival_of_segments()
    responses = [groups[tuple(segments.values())] for (segments,) in _rows(
        app, "SELECT segments FROM responses WHERE assessment_id = :id ORDER BY ctid", **mine)]
    assert sorted(comments) == sorted(responses) == list(range(PEOPLE))
    assert_at_chance(comments, "comments by ctid")
    assert_at_chance(responses, "responses by ctid")
