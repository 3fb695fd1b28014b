"""What survey rows a user may see. Internal users with the permission see every round; a partner user
sees only its own partner's customer rounds and the invitations of its own partner's contacts."""

from django.db.models import QuerySet

from common.access import is_internal_user, scope_to_partner
from surveys.models import Audience, Invitation, SurveyRound


def rounds_visible_to(user) -> QuerySet[SurveyRound]:
    rounds = SurveyRound.objects.all()
    if is_internal_user(user):
        return scope_to_partner(rounds, user, perm="surveys.view_surveyround")
    return scope_to_partner(rounds.filter(audience=Audience.CUSTOMER), user)


def invitations_visible_to(user) -> QuerySet[Invitation]:
    return scope_to_partner(Invitation.objects.all(), user, perm="surveys.view_surveyround")
