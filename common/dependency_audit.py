"""Reading pip-audit's JSON report without trusting its last line.

pip-audit says "No known vulnerabilities found" and exits 0 even when it could not look a single pin up (no
index or vulnerability service reachable: every dependency comes back with a `skip_reason`). Here a skipped pin
counts as not audited, and a report in which nothing was audited is a failure of its own, never a pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CLEAN, VULNERABLE, NOT_AUDITED = 0, 1, 2
LISTED_SKIPS = 10  # when nothing could be reached every reason is the same; a few make the point


@dataclass
class AuditSummary:
    audited: int = 0
    vulnerable: list[str] = field(default_factory=list)  # "django 4.2.0: PYSEC-1 (fixed in 4.2.1)"
    skipped: list[str] = field(default_factory=list)  # "amqp: Dependency not found on PyPI ..."

    @property
    def exit_code(self) -> int:
        if self.vulnerable:
            return VULNERABLE
        return NOT_AUDITED if self.skipped or not self.audited else CLEAN

    def report(self) -> str:
        total = self.audited + len(self.skipped)
        if not self.audited:
            head = f"NOT AUDITED: none of the {total} pinned packages could be checked (no vulnerability data reached)."
        elif self.vulnerable:
            head = f"VULNERABLE: {len(self.vulnerable)} of {self.audited} audited packages have known vulnerabilities."
        elif self.skipped:
            head = (
                f"PARTLY AUDITED: {len(self.skipped)} of {total} packages were not audited; the rest have none known."
            )
        else:
            head = f"No known vulnerabilities in the {self.audited} pinned packages (all audited)."
        lines = [head]
        lines += [f"  vulnerable   {entry}" for entry in self.vulnerable]
        lines += [f"  not audited  {entry}" for entry in self.skipped[:LISTED_SKIPS]]
        if len(self.skipped) > LISTED_SKIPS:
            lines.append(f"  ... and {len(self.skipped) - LISTED_SKIPS} more not audited")
        return "\n".join(lines)


def summarize(report: dict) -> AuditSummary:
    """`report` is pip-audit's `--format json` output."""
    summary = AuditSummary()
    for dependency in report.get("dependencies", []):
        name = dependency["name"]
        if "skip_reason" in dependency:
            summary.skipped.append(f"{name}: {dependency['skip_reason']}")
            continue
        summary.audited += 1
        for vulnerability in dependency.get("vulns", []):
            fixes = ", ".join(vulnerability.get("fix_versions", [])) or "no fix released"
            summary.vulnerable.append(f"{name} {dependency['version']}: {vulnerability['id']} (fixed in {fixes})")
    return summary
