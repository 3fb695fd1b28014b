"""The unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters, the last a
check character computed mod 31 over the first 17. Pure functions, no Django."""

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def problem_with(code: str) -> str | None:
    """None when `code` is valid, else a short English reason (callers translate their own message)."""
    if len(code) != 18:
        return "length"
    if any(char not in ALPHABET for char in code):
        return "characters"
    if check_character(code[:17]) != code[17]:
        return "check"
    return None


def with_check_character(first17: str) -> str:
    return first17 + check_character(first17)
