# ruff: noqa: RUF001 -- Django's own msgids use the typographic apostrophe
"""Django's own strings that the Simplified Chinese catalog words differently from Django's catalog.

Django's zh-Hans translations of the password forms and validators say "你"; everywhere else Channelwork
addresses its users as "您". Marking the very same msgids here puts them in our catalog, which
LOCALE_PATHS makes take precedence over Django's, so the password pages read like the rest.
Nothing imports this module: it exists for `makemessages`.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

POLITE = (
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
)
