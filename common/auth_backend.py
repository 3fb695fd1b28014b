"""Django's ModelBackend, reading a signed-in user's frame in two queries instead of five.

Every page needs the user, whether it belongs to a partner (and which), its internal roles and its permissions.
ModelBackend reads the user, then on first use its own and its groups' permissions (three queries), and
common.access the partner membership, its partner and the roles (two or three more). Here the user comes with its
membership and partner in one join, and the roles come with both kinds of permissions in one query
(`common.access.load_roles_and_permissions`), which fills the caches ModelBackend and common.access read.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from common.access import load_roles_and_permissions


class ChannelworkBackend(ModelBackend):
    def get_user(self, user_id):
        user = (
            get_user_model()._default_manager.select_related("partner_membership__partner").filter(pk=user_id).first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if obj is None and user_obj.is_active and not user_obj.is_superuser and not hasattr(user_obj, "_perm_cache"):
            load_roles_and_permissions(user_obj)
        return super().get_all_permissions(user_obj, obj)
