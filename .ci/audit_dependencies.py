"""Known vulnerabilities in the installed Python packages, by pip-audit (PyPI's advisory data).

Exit status: 0 every package was checked and none has a known vulnerability; 1 a package has one
(listed with its advisory and the version that fixes it); 2 some packages could not be checked,
because the vulnerability database did not answer for them: the step says which and how many,
and never reports "clean" for what it did not check.
"""

from __future__ import annotations

import json
import subprocess
import sys


def main() -> int:
    run = subprocess.run(
        [sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner", "off"],
        capture_output=True, text=True,
    )
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        print(f"dependency audit: pip-audit gave no report (exit {run.returncode}):\n{run.stderr[-2000:]}")
        return 2
    packages = report["dependencies"]
    vulnerable = [p for p in packages if p.get("vulns")]
    unchecked = [p for p in packages if "skip_reason" in p]
    for package in vulnerable:
        for vuln in package["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            print(f"VULNERABLE {package['name']} {package['version']}: {vuln['id']} (fixed in {fixed})")
    checked = len(packages) - len(unchecked)
    print(f"dependency audit: {checked} of {len(packages)} packages checked, "
          f"{len(vulnerable)} with a known vulnerability")
    if vulnerable:
        return 1
    if unchecked:
        reasons = sorted({p["skip_reason"].split(":")[0] for p in unchecked})
        print(f"NOT CHECKED: {len(unchecked)} packages ({', '.join(p['name'] for p in unchecked[:8])}"
              f"{'…' if len(unchecked) > 8 else ''}): {'; '.join(reasons)}. The vulnerability database "
              "is not reachable from this machine; these packages carry no verdict.")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
