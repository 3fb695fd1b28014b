"""Who acts through the API, and which tokens a user may see and revoke.

An internal token acts as its user. A partner token acts as `PartnerPrincipal`: a stand-in user that belongs
to the token's partner and holds no permission, so every selector's `scope_to_partner` narrows it to that
partner exactly as it narrows a portal user.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.db.models import Q, QuerySet

from api.models import ApiToken
from common.access import is_internal_user, membership_of

MANAGE_PARTNER_TOKENS = "partners.change_partner"


class PartnerPrincipal:
    """What `request.user` is for a partner token."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_superuser = False
    is_staff = False
    pk = id = None

    def __init__(self, token: ApiToken):
        self.token = token
        self.partner = token.partner
        self.partner_membership = SimpleNamespace(partner=token.partner, partner_id=token.partner_id, role="api")
        self.username = f"api:{token.prefix}"

    def has_perm(self, perm, obj=None) -> bool:
        return False

    def has_perms(self, perms, obj=None) -> bool:
        return False

    def get_username(self) -> str:
        return self.username

    def __str__(self):
        return self.token.name


def is_partner_admin(user) -> bool:
    membership = membership_of(user)
    return membership is not None and getattr(membership, "is_admin", False) and user.is_active


def can_manage_partner_tokens(user) -> bool:
    """Internal users who may change partners may make and revoke any partner's tokens."""
    return is_internal_user(user) and user.has_perm(MANAGE_PARTNER_TOKENS)


def tokens_visible_to(user) -> QuerySet[ApiToken]:
    """Internal users: their own tokens, and every partner's when they may manage partners. A partner admin:
    the tokens of its partner. Anyone else: none."""
    tokens = ApiToken.objects.select_related("user", "partner", "created_by", "revoked_by")
    if is_internal_user(user):
        mine = Q(user=user)
        return (
            tokens.filter(mine | Q(partner__isnull=False)) if can_manage_partner_tokens(user) else tokens.filter(mine)
        )
    if is_partner_admin(user):
        return tokens.filter(partner=membership_of(user).partner)
    return tokens.none()
