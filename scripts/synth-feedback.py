#!/usr/bin/env python3
"""Write a synthetic NPS survey export for the feedback benchmarks (BENCHMARKS.md).

    python3 scripts/synth-feedback.py 100000 > /tmp/fb100k.csv

Eight columns like a survey tool's export (response id, date, e-mail, company, plan, a 0-10
score and two free-text answers); a fixed seed, so every run writes the same file.
"""
import csv
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
rng = random.Random(18)
plans = ["Free", "Team", "Pro", "Enterprise"]
words = ("export slow search onboarding pricing invoice report dashboard mobile sync calendar "
         "import login permissions template integration notification billing tags filter").split()
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["Response ID", "Submitted At", "Email", "Company", "Plan",
            "How likely are you to recommend us to a friend or colleague?",
            "What is the main reason for your score?", "What should we improve?"])
for i in range(n):
    day = 1 + i % 28
    month = 1 + (i // 28) % 12
    reason = " ".join(rng.choice(words) for _ in range(rng.randint(8, 30))).capitalize() + "."
    improve = " ".join(rng.choice(words) for _ in range(rng.randint(3, 12))).capitalize() + "."
    w.writerow([f"R{i:07d}", f"2026-{month:02d}-{day:02d}T10:{i % 60:02d}:00Z",
                f"user{i % 40000}@example{i % 300}.com", f"Company {i % 300}",
                plans[i % 4], rng.randint(0, 10), reason, improve])
