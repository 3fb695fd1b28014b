"""Response headers Django has no setting for."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Sends `Permissions-Policy` built from settings.PERMISSIONS_POLICY ({"camera": [], ...}): an empty list
    turns a browser feature off for every origin, so an injected script or frame cannot ask for it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
