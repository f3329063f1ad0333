"""One simulated respondent: walks the survey like a browser and remembers what it answered.

``product_journey`` reads each page's form, answers every question at random (now and then
skipping one, as people do), posts it with the CSRF token and cookies it was given, and stops
after the submit. ``ceiling_journey`` sends the same kind of answers in one POST to the bare
ceiling app. Both record latencies and errors in a ``Tally``.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field

from bench.client import Browser, IncompleteResponse, Reply
from bench.html_forms import Form, page_forms

_BACKWARDS = re.compile(r"back|prev|previous|edit|change|zurück|retour|précédent", re.I)
_FORWARDS = re.compile(r"next|continue|start|begin|submit|send|finish|weiter|suivant|envoyer", re.I)
#: Form values that mean "not given" ("prefer not to say" is an option and is kept as one).
NOT_GIVEN = {""}
MAX_STEPS = 40


@dataclass
class Submission:
    """What one respondent answered, in the shape the database keeps it."""

    language: str = "en"
    segments: dict[str, str] = field(default_factory=dict)
    answers: dict[str, int] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)

    def key(self) -> str:
        return canonical(self.language, self.segments, self.answers)


def canonical(language: str, segments: dict, answers: dict) -> str:
    """A comparable text for one response; skipped (None) answers count as absent."""
    return json.dumps(
        {
            "language": language,
            "segments": {k: v for k, v in segments.items() if v is not None},
            "answers": {k: int(v) for k, v in answers.items() if v is not None},
        },
        sort_keys=True,
    )


@dataclass
class Policy:
    """How a respondent copes with trouble; the plain benchmark gives up at the first error."""

    retry_busy: bool = False  # a 503 said nothing was done: wait Retry-After and send again
    retry_lost: bool = False  # connection refused or dropped: reload, as a person would
    attempts: int = 8
    max_wait: float = 2.0
    skip_rate: float = 0.05


@dataclass
class Tally:
    """What a group of respondents saw; merged across client processes."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    started: int = 0
    completed: int = 0
    acknowledged: list[str] = field(default_factory=list)
    acknowledged_comments: list[str] = field(default_factory=list)
    in_doubt: list[str] = field(default_factory=list)
    in_doubt_comments: list[str] = field(default_factory=list)
    busy_without_retry_after: int = 0
    client_cpu_seconds: float = 0.0

    @property
    def requests(self) -> int:
        return sum(len(values) for values in self.latencies.values())

    def merge(self, other: Tally) -> None:
        for label, values in other.latencies.items():
            self.latencies.setdefault(label, []).extend(values)
        self.statuses.update(other.statuses)
        self.errors.update(other.errors)
        self.started += other.started
        self.completed += other.completed
        self.acknowledged += other.acknowledged
        self.acknowledged_comments += other.acknowledged_comments
        self.in_doubt += other.in_doubt
        self.in_doubt_comments += other.in_doubt_comments
        self.busy_without_retry_after += other.busy_without_retry_after
        self.client_cpu_seconds += other.client_cpu_seconds


class Abandoned(Exception):
    """The respondent gave up before submitting."""


class InDoubt(Exception):
    """The submit was sent but no answer came back: it may or may not be stored."""


class Respondent:
    def __init__(self, browser: Browser, tally: Tally, policy: Policy, rng: random.Random,
                 label_of) -> None:
        self.browser = browser
        self.tally = tally
        self.policy = policy
        self.rng = rng
        self.label_of = label_of
        self.submission = Submission()

    async def send(self, method: str, path: str, form=None, *, submit: bool = False) -> Reply:
        """One request, retried as the policy allows; errors are counted where they happen."""
        label = f"{method} {self.label_of(path)}"
        for _ in range(self.policy.attempts):
            try:
                if method == "GET":
                    reply = await self.browser.get(path)
                else:
                    reply = await self.browser.post(path, form)
            except ConnectionRefusedError:
                # Nothing reached the server, so sending again is always safe.
                self.tally.errors["refused"] += 1
                if not self.policy.retry_lost:
                    raise Abandoned from None
                await asyncio.sleep(0.2)
                continue
            except (IncompleteResponse, ConnectionError, asyncio.IncompleteReadError,
                    TimeoutError, OSError) as error:
                self.tally.errors[_kind(error)] += 1
                if submit:
                    raise InDoubt from error
                if not self.policy.retry_lost:
                    raise Abandoned from error
                await asyncio.sleep(0.2)
                continue
            if "x-bench-unframed" in reply.headers:
                self.tally.errors["unframed response"] += 1
            self.tally.latencies.setdefault(label, []).append(reply.seconds)
            self.tally.statuses[reply.status] += 1
            if reply.status == 503 and self.policy.retry_busy:
                self.tally.errors["503 retried"] += 1
                wait = reply.headers.get("retry-after")
                if wait is None:
                    self.tally.busy_without_retry_after += 1
                await asyncio.sleep(min(float(wait or 1), self.policy.max_wait))
                continue
            if reply.status >= 400:
                self.tally.errors[f"{reply.status} {label}"] += 1
                if submit and reply.status >= 500:
                    raise InDoubt
                raise Abandoned
            return reply
        raise InDoubt if submit else Abandoned

    async def follow(self, reply: Reply, sent=None) -> Reply:
        """Follow redirects as a browser does: 307 and 308 send the same POST body again."""
        while reply.status in (301, 302, 303, 307, 308) and reply.location:
            if reply.status in (307, 308) and sent is not None:
                reply = await self.send("POST", reply.location, sent)
            else:
                reply = await self.send("GET", reply.location)
        return reply

    def fill(self, form: Form) -> list[tuple[str, str]]:
        """Answer every question of ``form`` at random and remember the answers."""
        sent = list(form.hidden)
        rng, submission = self.rng, self.submission
        for name, values in form.radios.items():
            if rng.random() < self.policy.skip_rate:
                continue
            value = rng.choice(values)
            sent.append((name, value))
            remember(submission, name, value)
        for name, values in form.selects.items():
            if values:
                value = rng.choice(values)
                sent.append((name, value))
                remember(submission, name, value)
        for name, max_length in form.texts.items():
            if name.startswith("open_") and rng.random() < 0.7:
                text = f"Comment {rng.getrandbits(64):016x}: " + "more coffee " * rng.randint(1, 8)
                text = text.strip()[:max_length]
                sent.append((name, text))
                submission.comments.append(text)
        button = forward_button(form)
        if button is not None and button.name:
            sent.append((button.name, button.value))
        return sent


def remember(submission: Submission, name: str, value: str) -> None:
    if name.startswith("item_"):
        submission.answers[name[5:]] = 0 if value == "dk" else int(value)
    elif name.startswith("segment_"):
        submission.segments[name[8:]] = None if value in NOT_GIVEN else value
    elif name in {"language", "lang"}:
        submission.language = value


def forward_button(form: Form):
    buttons = [b for b in form.buttons if not _BACKWARDS.search(f"{b.name} {b.value} {b.label}")]
    preferred = [b for b in buttons if _FORWARDS.search(f"{b.name} {b.value} {b.label}")]
    return (preferred or buttons or [None])[0]


def main_form(reply: Reply, path: str) -> Form | None:
    """The form that moves the survey on: a POST form with questions or a forward button."""
    candidates = [
        f for f in page_forms(reply.text, path)
        if f.method == "post" and "lang" not in f.action.rsplit("/", 1)[-1]
        and (f.questions or forward_button(f) is not None)
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda f: f.questions)


def _kind(error: BaseException) -> str:
    if isinstance(error, IncompleteResponse):
        return "incomplete response"
    if isinstance(error, TimeoutError | asyncio.TimeoutError):
        return "timeout"
    return "connection lost"


async def product_journey(respondent: Respondent, landing: str) -> None:
    """Landing, about you, each dimension, open questions, review, submit, thank-you."""
    tally, submission = respondent.tally, respondent.submission
    path = landing
    reply = await respondent.follow(await respondent.send("GET", landing))
    for _ in range(MAX_STEPS):
        form = main_form(reply, path)
        if form is None:
            tally.errors["stuck: no form to continue"] += 1
            raise Abandoned
        submit = bool(submission.answers) and form.questions == 0
        sent = respondent.fill(form)
        try:
            reply = await respondent.send("POST", form.action, sent, submit=submit)
        except (InDoubt, asyncio.CancelledError):
            tally.in_doubt.append(submission.key())
            tally.in_doubt_comments += submission.comments
            raise
        if submit:
            tally.acknowledged.append(submission.key())
            tally.acknowledged_comments += submission.comments
            tally.completed += 1
            await respondent.follow(reply)  # the thank-you page
            return
        if reply.status == 200:
            tally.errors["form refused (200 after POST)"] += 1
            raise Abandoned
        path = reply.location or path
        reply = await respondent.follow(reply, sent)
    tally.errors["too many steps"] += 1
    raise Abandoned


async def ceiling_journey(respondent: Respondent, form: Form) -> None:
    """All answers in one POST to the ceiling app."""
    tally, submission = respondent.tally, respondent.submission
    sent = respondent.fill(form)
    try:
        await respondent.send("POST", form.action, sent, submit=True)
    except (InDoubt, asyncio.CancelledError):
        tally.in_doubt.append(submission.key())
        tally.in_doubt_comments += submission.comments
        raise
    tally.acknowledged.append(submission.key())
    tally.acknowledged_comments += submission.comments
    tally.completed += 1
