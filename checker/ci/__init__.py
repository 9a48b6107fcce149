"""CI gate: compare a scan with a baseline, apply waivers and a policy, report as JUnit/Markdown."""
