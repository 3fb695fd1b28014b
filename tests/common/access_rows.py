from tests.access import (
    ANON,
    INTERNAL,
    PARTNER_A,
    PARTNER_B,
    USERS,
    Row,
    public,
)


def populate(world):
    """The project-level pages need nothing beyond the users and partners."""


LOGGED_IN = {user: 200 for user in USERS if user != ANON}

ROWS = [
    Row("home", {ANON: 302, PARTNER_A: 302, PARTNER_B: 302} | dict.fromkeys(INTERNAL, 200)),
    Row("portal-home", {ANON: 302, PARTNER_A: 200, PARTNER_B: 200} | dict.fromkeys(INTERNAL, 403)),
    public("health"),
    public("set_language", method="post", data=lambda w: {"language": "en", "next": "/"}, ok=302),
    Row("login", {ANON: 200} | {user: 302 for user in USERS if user != ANON}),
    public("logout", method="post", ok=302),
    Row("password_change", {ANON: 302} | LOGGED_IN),
    Row("password_change_done", {ANON: 302} | LOGGED_IN),
    public("password_reset"),
    public("password_reset_done"),
    public("password_reset_confirm", kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"}),
    public("password_reset_complete"),
    # Django's admin: only staff (no demo role is staff); everyone else is sent to its login page.
    Row("admin:index", dict.fromkeys(USERS, 302)),
    # The API: authenticated users only; without credentials it answers 401 and asks for a Bearer token.
    Row("api-schema", {ANON: 401} | LOGGED_IN),
    Row("api:api-root", {ANON: 401} | LOGGED_IN),
]
