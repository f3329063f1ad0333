"""A believable demo: Northwind Research, two waves, a small department, a viewer and a lead.

Running it again replaces the previous demo. The numbers are simulated from a seeded random
generator with a structure a comms lead will recognise: ownership is the weak foundation,
leaders see their own presence more kindly than staff do, training draws many "don't know"
answers, and one department is too small to show.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from scoring.thresholds import DEFAULT_COMMENT_K, DEFAULT_K
from surveys.model import DONT_KNOW

from .. import access, db
from ..assessments import AssessmentSpec, create, instrument_of
from ..models import Assessment, Comment, Response, User
from ..models.assessment import CLOSED
from ..models.user import ADMIN, VIEWER
from ..users import create as create_user
from . import people, segment_text

TITLE = "Demo: Northwind Research"
EARLIER_TITLE = "Demo: Northwind Research (last year)"
ORGANISATION = "Northwind Research"
ADMIN_EMAIL = "demo@example.org"
VIEWER_EMAIL = "board@example.org"

SEGMENTS_TEXT = "\n".join([
    "department: Which team do you work in?"
    " | de: In welchem Team arbeiten Sie?"
    " | fr: Dans quelle équipe travaillez-vous ?",
    "- research: Research and analysis"
    " | de: Forschung und Analyse"
    " | fr: Recherche et analyse = 240",
    "- client_services: Client services"
    " | de: Kundenservice"
    " | fr: Service clients = 150",
    "- operations: Operations"
    " | de: Betrieb"
    " | fr: Opérations = 100",
    "- it: IT and data"
    " | de: IT und Daten"
    " | fr: Informatique et données = 55",
    "- legal: Legal and compliance"
    " | de: Recht und Compliance"
    " | fr: Juridique et conformité = 15",
    "location: Where do you work most of the time?"
    " | de: Wo arbeiten Sie überwiegend?"
    " | fr: Où travaillez-vous la plupart du temps ?",
    "- london: London office"
    " | de: Büro London"
    " | fr: Bureau de Londres = 250",
    "- manchester: Manchester office"
    " | de: Büro Manchester"
    " | fr: Bureau de Manchester = 170",
    "- remote: Mostly from home"
    " | de: Überwiegend von zu Hause"
    " | fr: Surtout à domicile = 140",
    "role_level: Which best describes your role?"
    " | de: Was beschreibt Ihre Rolle am besten?"
    " | fr: Qu'est-ce qui décrit le mieux votre fonction ?",
    "- leader: Senior leader"
    " | de: Obere Führungsebene"
    " | fr: Direction = 40",
    "- manager: Manager of a team"
    " | de: Teamleitung"
    " | fr: Responsable d'équipe = 110",
    "- staff: No management responsibility"
    " | de: Ohne Führungsverantwortung"
    " | fr: Sans responsabilité d'encadrement = 410",
    "tenure: How long have you worked here?"
    " | de: Wie lange arbeiten Sie schon hier?"
    " | fr: Depuis combien de temps travaillez-vous ici ?",
    "- under_2_years: Less than 2 years"
    " | de: Weniger als 2 Jahre"
    " | fr: Moins de 2 ans",
    "- years_2_to_5: 2 to 5 years"
    " | de: 2 bis 5 Jahre"
    " | fr: De 2 à 5 ans",
    "- over_5_years: More than 5 years"
    " | de: Mehr als 5 Jahre"
    " | fr: Plus de 5 ans",
])

#: Average answer (1-5, after recoding) per dimension in the current wave.
CURRENT_LEVELS = {
    "leadership_presence": 3.55,
    "training_maturity": 2.95,
    "security_risk": 3.35,
    "decision_speed": 3.2,
    "ownership": 2.7,
}
#: Last year's levels: lower almost everywhere, so the trend shows progress.
EARLIER_LEVELS = {
    "leadership_presence": 3.2,
    "training_maturity": 2.8,
    "security_risk": 3.0,
    "decision_speed": 3.1,
    "ownership": 2.45,
}
DEPARTMENT_SHIFT = {"research": 0.0, "client_services": 0.15, "operations": -0.2, "it": 0.25,
                    "legal": -0.3}
DEPARTMENTS = [("research", 0.40), ("client_services", 0.27), ("operations", 0.18), ("it", 0.12)]
#: Legal answers with three people: below k, so it is hidden (and one more group with it).
SMALL_DEPARTMENT, SMALL_DEPARTMENT_N = "legal", 3
LOCATIONS = [("london", 0.45), ("manchester", 0.3), ("remote", 0.25)]
ROLES = [("leader", 0.08), ("manager", 0.2), ("staff", 0.72)]
TENURES = [("under_2_years", 0.25), ("years_2_to_5", 0.35), ("over_5_years", 0.4)]

FIRST_STEP = [
    "Name one person who owns the channel and give them real time for it.",
    "Short guidelines with examples of what is fine to post about client work.",
    "Training for managers first, so they can answer their teams' questions.",
    "Leaders who post themselves, not only announcements.",
    "A clear route for questions we cannot answer ourselves.",
    "Start with one or two teams and learn from them before rolling out.",
    "A monthly reminder of the rules, with a real example each time.",
    "Let us try it without fear of being told off for a light-hearted post.",
    "Somebody to moderate at busy times, not just office hours.",
    "Explain what happens when something goes wrong, step by step.",
    "Give us time in the working week to take part.",
    "Show us the benefit for our clients, not just for internal news.",
    "A group of volunteers in every office who can help colleagues.",
    "Decide quickly who may answer on behalf of the company.",
]
CONCERNS = [
    "That confidential client details end up in a post by accident.",
    "Nobody seems to be in charge, so problems will sit for days.",
    "It becomes one more channel to keep up with on top of e-mail.",
    "Being judged by senior people for an honest comment.",
    "Not knowing what counts as speaking for the company.",
    "Leaders will not take part and it will fade away.",
    "Arguments spilling over from one team to another.",
    "The legal team will block it after the first mistake.",
    "Too slow: by the time an answer is approved nobody cares.",
    "That it gets used for announcements only.",
    "Lack of training, especially for people who do not use social media privately.",
    "We tried an intranet forum before and it died within months.",
]


@dataclass
class DemoResult:
    assessment: Assessment
    earlier: Assessment
    admin_password: str
    viewer_password: str
    responses: int


def _pick(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _remove_previous_demo() -> None:
    session = db.session()
    found = session.scalars(
        select(Assessment).where(Assessment.title.in_([TITLE, EARLIER_TITLE]))
    ).all()
    for assessment in found:
        session.delete(assessment)
    session.flush()


def _account(email: str, role: str, name: str) -> tuple[User, str]:
    """The demo account, created or kept, with a fresh password either way."""
    user = db.session().scalar(select(User).where(User.email == email))
    if user is None:
        password = people.one_time_password()
        return create_user(email, role=role, password=password, name=name), password
    user.role = role
    # Whoever runs the command uses the demo login; no one-time password to replace.
    password = people.one_time_password()
    user.set_password(password)
    return user, password


def _respondent(rng: random.Random, levels: dict, instrument, days: int, today: date,
                department: str):
    role = _pick(rng, ROLES)
    segments = {
        "department": department,
        "location": _pick(rng, LOCATIONS),
        "role_level": role,
        "tenure": _pick(rng, TENURES),
    }
    for key in list(segments):
        if rng.random() < 0.05:
            segments[key] = "prefer_not_to_say"
    general = rng.gauss(0, 0.4)
    answers: dict[str, int] = {}
    for dimension, level in levels.items():
        mean = level + general + rng.gauss(0, 0.45) + DEPARTMENT_SHIFT[department]
        if role == "leader":
            mean += 0.6 if dimension == "leadership_presence" else 0.25
        dont_know = 0.14 if dimension == "training_maturity" else 0.04
        for item in instrument.items_of(dimension):
            roll = rng.random()
            if roll < 0.01:
                continue  # skipped
            if roll < 0.01 + dont_know:
                answers[item.id] = DONT_KNOW
                continue
            value = min(5, max(1, round(mean + rng.gauss(0, 0.6))))
            answers[item.id] = 6 - value if item.reverse else value
    # Most people answer in the first days after the invitation, then a reminder helps.
    day = min(days - 1, int(rng.expovariate(1 / 3.5)))
    if rng.random() < 0.2:
        day = min(days - 1, 8 + int(rng.expovariate(1 / 1.5)))
    return Response(
        submitted_on=today - timedelta(days=days - day),
        language=_pick(rng, [("en", 0.85), ("de", 0.1), ("fr", 0.05)]),
        segments=segments,
        answers=answers,
        source="web",
    )


def _wave(title: str, levels: dict, n: int, opened: date, days: int, rng: random.Random,
          previous_id: int | None = None) -> Assessment:
    parsed = segment_text.parse(SEGMENTS_TEXT, "en")
    spec = AssessmentSpec(
        title=title,
        organisation=ORGANISATION,
        sector="private",
        headcount=560,
        languages=("en", "de", "fr"),
        segments=parsed.questions,
        segment_headcounts=parsed.headcounts,
        k=DEFAULT_K,
        comment_k=DEFAULT_COMMENT_K,
        opens_on=opened,
        closes_on=opened + timedelta(days=days - 1),
        distribution="both",
        previous_id=previous_id,
    )
    assessment = create(spec)
    assessment.status = CLOSED
    assessment.opened_on = opened
    assessment.closed_on = opened + timedelta(days=days)
    instrument = instrument_of(assessment)
    close_day = opened + timedelta(days=days)
    for number in range(n):
        department = SMALL_DEPARTMENT if number < SMALL_DEPARTMENT_N else _pick(rng, DEPARTMENTS)
        response = _respondent(rng, levels, instrument, days, close_day, department)
        response.assessment_id = assessment.id
        db.session().add(response)
    return assessment


def seed(today: date | None = None, seed_value: int = 2026) -> DemoResult:
    """Replace the demo with a fresh one; the caller commits. Passwords are new every time."""
    today = today or date.today()
    rng = random.Random(seed_value)
    _remove_previous_demo()
    _, admin_password = _account(ADMIN_EMAIL, ADMIN, "Demo comms lead")
    viewer, viewer_password = _account(VIEWER_EMAIL, VIEWER, "Demo board member")
    earlier = _wave(EARLIER_TITLE, EARLIER_LEVELS, 182, today - timedelta(days=380), 14, rng)
    current = _wave(TITLE, CURRENT_LEVELS, 241, today - timedelta(days=21), 14, rng,
                    previous_id=earlier.id)
    for question, texts in (("first_step", FIRST_STEP), ("concerns", CONCERNS)):
        for text in rng.sample(texts, len(texts)):
            db.session().add(Comment(assessment_id=current.id, question_id=question, text=text))
    db.session().flush()
    access.grant(current, viewer)
    return DemoResult(current, earlier, admin_password, viewer_password, 241)


def find_demo() -> Assessment | None:
    return db.session().scalar(
        select(Assessment).where(Assessment.title == TITLE).order_by(Assessment.id.desc())
    )

