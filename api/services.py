"""Writes of the API app: making and revoking tokens, recognising a token, keeping idempotent answers."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api import tokens
from api.models import ApiToken, IdempotentResponse
from common.access import is_internal_user
from common.history import changed_by

MAX_LIFETIME = dt.timedelta(days=366)
TOUCH_EVERY = dt.timedelta(minutes=1)  # last use is written at most this often per token
# A write still unanswered after this long died with its process (a request is cut off long before).
ABANDONED_AFTER = dt.timedelta(minutes=10)


def token_create(*, name: str, expires_at: dt.datetime, by, partner=None, now: dt.datetime | None = None):
    """A new token: for `partner` when given (a partner token), else acting as `by` (an internal token).
    Returns (token, the secret text), the only moment the secret is known."""
    now = now or timezone.now()
    if expires_at <= now:
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    if expires_at > now + MAX_LIFETIME:
        raise ValidationError({"expires_at": _("A token lives at most a year; make a new one when it expires.")})
    if partner is None and not is_internal_user(by):
        raise ValidationError(_("Only internal users have tokens of their own; partner tokens belong to a partner."))
    for attempt in range(3):
        secret = tokens.new_secret()
        token = ApiToken(
            name=name.strip(),
            prefix=secret.prefix,
            digest=secret.digest,
            user=None if partner is not None else by,
            partner=partner,
            created_by=by,
            expires_at=expires_at,
        )
        token.full_clean(exclude=["prefix", "digest"])  # their uniqueness is the database's to enforce
        changed_by(token, by, reason=_("Token made"))
        try:
            with transaction.atomic():
                token.save()
            return token, secret.text
        except IntegrityError:  # a prefix drawn twice (1 in 4 billion): draw again
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def token_revoke(*, token: ApiToken, by) -> ApiToken:
    """Revoke at once; revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), by
        changed_by(token, by, reason=_("Token revoked"))
        token.save()
    return token


def token_for_secret(text: str, *, now: dt.datetime | None = None) -> ApiToken | None:
    """The live token whose secret is `text` (not revoked, not expired, its user still active and internal),
    or None. Records its use."""
    if not tokens.looks_like_token(text):
        return None
    now = now or timezone.now()
    token = (
        ApiToken.objects.select_related("user", "partner")
        .filter(digest=tokens.digest_of(text), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None:
        return None
    if token.user is not None and not is_internal_user(token.user):
        return None  # the user left, was deactivated or became a partner user: the token dies with the role
    if token.last_used_at is None or token.last_used_at < now - TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


class IdempotencyConflict(Exception):
    """The key was used before with a different request, or its first request is still running."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def idempotency_claim(*, owner: str, key: str, request_digest: str) -> IdempotentResponse | None:
    """Claim `key` for a new write (returns None: go ahead, then `idempotency_store`), or the stored answer of
    the write that used it before. Raises IdempotencyConflict for another request under the same key, or
    while the first one is still running."""
    for _attempt in range(2):
        try:
            with transaction.atomic():
                IdempotentResponse.objects.create(owner=owner, key=key, request_digest=request_digest)
            return None
        except IntegrityError:
            stored = IdempotentResponse.objects.get(owner=owner, key=key)
        abandoned = stored.status_code is None and stored.created_at < timezone.now() - ABANDONED_AFTER
        if not abandoned:
            break
        # its request died with its process: the key is free again
        IdempotentResponse.objects.filter(pk=stored.pk, status_code__isnull=True).delete()
    if stored.request_digest != request_digest:
        raise IdempotencyConflict("different_request")
    if stored.status_code is None:
        raise IdempotencyConflict("in_progress")
    return stored


def idempotency_store(*, owner: str, key: str, status_code: int, body) -> None:
    """Keep the answer for the key; a failed write (5xx) frees the key so the write can be tried again."""
    if status_code >= 500:
        IdempotentResponse.objects.filter(owner=owner, key=key, status_code__isnull=True).delete()
        return
    IdempotentResponse.objects.filter(owner=owner, key=key).update(status_code=status_code, body=body)
