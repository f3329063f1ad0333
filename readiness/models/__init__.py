"""The database models, one module per thing kept."""

from .assessment import Assessment
from .audit import AuditEvent, ReportLink
from .base import Base
from .code import AccessCode
from .mail import MailMessage, MailRecipient, MailSettings, Unsubscribe
from .plan import PlanAction, PlanLinkAccess, PlanSettings  # noqa: F401  (issue 23)
from .response import Comment, Response, SealedSubmission
from .throttle import ThrottleCounter
from .user import User, ViewerGrant

__all__ = [
    "AccessCode",
    "Assessment",
    "AuditEvent",
    "Base",
    "Comment",
    "MailMessage",
    "MailRecipient",
    "MailSettings",
    "ReportLink",
    "Response",
    "SealedSubmission",
    "ThrottleCounter",
    "Unsubscribe",
    "User",
    "ViewerGrant",
]
