import hashlib

from django import template

from common import display

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (pagination and sorting links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


# The display rules of common/display.py, for pages: ¥1,234.50, 1,234.50, 2026年11月28日, 2026年11月, 王伟.
register.filter("money", display.money)
register.filter("amount", display.amount)
register.filter("day", display.day)
register.filter("month", display.month)
register.filter("moment", display.moment)
register.filter("person", display.person)
register.filter("money_header", display.money_header)


register.filter("choice_label", display.choice_label)


@register.filter
def filter_field(bound_field):
    """A list page's filter field, as crispy's `as_crispy_field` renders it but without its templates
    (common/field_render.py): `{{ field|filter_field }}`."""
    from common.field_render import field_html

    return field_html(bound_field)


# The navigation bar's links by (language, URL prefix, kind of user, staff, permissions): they depend on
# nothing else, and rendering them (some forty links, each a URL reversed and a label translated) cost as
# much as the rest of a small page's frame.
_NAV_LINKS: dict[tuple, str] = {}
_NAV_LINKS_KEPT = 256


@register.simple_tag(takes_context=True)
def nav_links(context):
    """The links of base.html's navigation bar (templates/includes/_nav_links.html), rendered once per
    combination of what they depend on and kept in the process (not with DEBUG, where templates change)."""
    from django.conf import settings
    from django.urls import get_script_prefix
    from django.utils.safestring import mark_safe
    from django.utils.translation import get_language

    template = context.template.engine.get_template("includes/_nav_links.html")
    user = context.get("user")
    if settings.DEBUG or user is None:
        return template.render(context)
    internal = bool(context.get("is_internal"))
    superuser = bool(getattr(user, "is_superuser", False)) and bool(getattr(user, "is_active", False))
    # Only the internal links ask for permissions: a partner user's are the same for every partner user.
    perms = frozenset(user.get_all_permissions()) if internal and not superuser else frozenset()
    key = (
        get_language(),
        get_script_prefix(),
        internal,
        bool(context.get("current_partner")),
        bool(getattr(user, "is_staff", False)),
        superuser,
        perms,
    )
    html = _NAV_LINKS.get(key)
    if html is None:
        html = template.render(context)
        if len(_NAV_LINKS) >= _NAV_LINKS_KEPT:
            _NAV_LINKS.clear()
        _NAV_LINKS[key] = html
    return mark_safe(html)  # nosec B308 B703: output of the template engine, which escaped every value


# A detail page's URL with the object's number left out, by (URL name, argument, language, prefix, URLconf):
# reversing a URL costs about as much as rendering the rest of a table row, and a table reverses the same
# pattern for each of its rows.
_ROW_URLS: dict[tuple, tuple[str, str]] = {}
_ROW_URL_MARK = 987654321987654321


@register.simple_tag
def row_url(name: str, **kwargs) -> str:
    """What `{% url name key=value %}` gives for one integer argument, the pattern reversed once per
    process: `{% row_url 'evaluations:scorecard' pk=card.pk %}`. Any other argument is reversed as usual."""
    from django.urls import get_script_prefix, get_urlconf, reverse
    from django.utils.translation import get_language

    ((key, value),) = kwargs.items()
    if type(value) is not int or value < 0:
        return reverse(name, kwargs=kwargs)
    shape_key = (name, key, get_language(), get_script_prefix(), get_urlconf())
    shape = _ROW_URLS.get(shape_key)
    if shape is None:
        before, mark, after = reverse(name, kwargs={key: _ROW_URL_MARK}).partition(str(_ROW_URL_MARK))
        if not mark or str(_ROW_URL_MARK) in after:
            return reverse(name, kwargs=kwargs)
        shape = _ROW_URLS[shape_key] = (before, after)
    return f"{shape[0]}{value}{shape[1]}"


def kept_rendered(key: str, render):
    """`render()`'s value (HTML, or HTML with what else it read) kept (common.kept) under `key` in the page's
    language and script prefix: a block or a table's rows rendered once for every request that shows them alike.
    `key` must name everything else `render()` reads."""
    from django.urls import get_script_prefix
    from django.utils.translation import get_language

    from common.kept import kept
    from common.versions import KEPT_SECONDS

    return kept(f"{key}:{get_language()}:{get_script_prefix()}", render, KEPT_SECONDS)


class KeptHtmlNode(template.Node):
    def __init__(self, nodelist, parts, block: str):
        self.nodelist, self.parts, self.block = nodelist, parts, block

    def render(self, context):
        from django.utils.safestring import mark_safe

        key, *more = (part.resolve(context) for part in self.parts)
        if not key:
            return self.nodelist.render(context)
        key = ":".join(str(part) for part in (self.block, key, *more))
        html = kept_rendered(f"html:{key}", lambda: str(self.nodelist.render(context)))
        return mark_safe(html)  # nosec B308 B703: output of the template engine, which escaped every value


@register.tag
def kept_html(parser, token):
    """`{% kept_html key [part ...] %}…{% endkept_html %}`: the block rendered once per key (with its further
    parts), language and script prefix, and kept (common.kept); rendered every time when `key` is empty. The key
    and parts must name everything the block reads: the version of the figures it shows and what of the user it
    shows them by (`{% kept_html review.key can_apply %}`)."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes the key, then any further parts of it")
    remaining = list(parser.tokens)  # the template's tokens still to parse, the next one last
    nodelist = parser.parse(("endkept_html",))
    parser.delete_first_token()
    # The block's own source tells two blocks apart, and what an edited template (a deployment) renders now from
    # what it rendered before; with its template's name and its place there.
    source = "".join(f"{each.token_type}:{each.contents}\n" for each in reversed(remaining[len(parser.tokens) :]))
    parser.kept_html_blocks = getattr(parser, "kept_html_blocks", 0) + 1
    origin = getattr(getattr(parser, "origin", None), "template_name", None)
    block = f"{origin}:{parser.kept_html_blocks}:{hashlib.sha256(source.encode()).hexdigest()[:16]}"
    return KeptHtmlNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]], block)
