"""Bank account numbers on screen: only the last four digits are shown, so a page, an email or a screenshot
never carries a whole account. Pure: text in, text out."""

SHOWN_DIGITS = 4


def masked(number: str) -> str:
    digits = "".join(ch for ch in number or "" if ch.isdigit())
    if not digits:
        return ""
    return "•••• " + digits[-SHOWN_DIGITS:]
