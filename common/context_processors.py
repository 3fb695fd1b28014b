from common.access import is_internal_user, partner_of, roles_of


def roles(request):
    """What the navigation needs to know about the user, computed once per request."""
    user = getattr(request, "user", None)
    return {
        "is_internal": is_internal_user(user),
        "current_partner": partner_of(user),
        "user_roles": roles_of(user),
    }
