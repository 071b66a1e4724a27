#!/usr/bin/env python3
"""Writes the synthetic sample diaries in this folder. Every value is invented; no real
patient is behind any of them. Deterministic: the same files every run.

    python3 assets/samples/generate.py
"""
import json
import os
import random
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
TASHKENT = timezone(timedelta(hours=5))


def write(name, doc):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")


def capecitabine_month():
    """A month on capecitabine (two weeks on, one week off): hand-foot and fatigue wax
    and wane with the cycle, one day of loose stools, nothing alarming at the end."""
    rnd = random.Random(1)
    start = datetime(2026, 10, 20, 8, 30, tzinfo=TASHKENT)
    reports = []
    for day in range(30):
        cycle_day = day % 21
        on = cycle_day < 14
        at = start + timedelta(days=day, minutes=rnd.randint(-20, 40))
        r = {
            "recorded_at": at.isoformat(),
            "reporter": "patient" if day % 5 else "caregiver",
            "ratings": {
                "fatigue": 2 if on and cycle_day > 7 else 1,
                "pain": rnd.choice([0, 1, 1]),
                "itching": 0,
                "jaundice": 0,
                "appetite_loss": 1 if on else 0,
                "hand_foot": 1 if on and cycle_day > 9 else 0,
            },
            "stools_above_usual": 2 if day == 11 else 0,
            "vomiting_episodes": 0,
            "temperature_c": round(36.4 + rnd.random() * 0.6, 1),
            "weight_kg": round(63.8 - day * 0.02, 1),
            "signs": [],
        }
        if day == 11:
            r["note"] = "loose stools after lunch, took loperamide"
        reports.append(r)
    return {
        "format": "symptom-diary",
        "version": 1,
        "profile": {
            "therapies": ["capecitabine"],
            "usual_stools_per_day": 1,
            "baseline_weight_kg": 64.0,
            "biliary_stent": False,
        },
        "reports": reports,
        "labs": [
            {"taken_on": "2026-10-19", "test": "bilirubin", "value": 18, "unit": "umol/L", "ref_low": 3, "ref_high": 21},
            {"taken_on": "2026-10-19", "test": "alt", "value": 34, "unit": "U/L", "ref_high": 40},
            {"taken_on": "2026-10-19", "test": "neutrophils", "value": 2.9, "unit": "10^9/L", "ref_low": 1.8, "ref_high": 7.5},
            {"taken_on": "2026-11-09", "test": "bilirubin", "value": 20, "unit": "umol/L", "ref_low": 3, "ref_high": 21},
            {"taken_on": "2026-11-09", "test": "platelets", "value": 190, "unit": "10^9/L", "ref_low": 150, "ref_high": 400},
        ],
    }


def jaundice_developing():
    """Two weeks on paclitaxel: fine for a week, then itching, yellow eyes and dark urine
    appear, the bilirubin climbs, and the last report has a fever — red."""
    start = datetime(2026, 11, 10, 9, 0, tzinfo=TASHKENT)
    reports = []
    for day in range(14):
        late = max(0, day - 7)
        r = {
            "recorded_at": (start + timedelta(days=day)).isoformat(),
            "reporter": "patient" if day < 10 else "caregiver",
            "ratings": {
                "fatigue": min(4, 1 + late // 2),
                "pain": 1,
                "itching": min(3, late // 2),
                "jaundice": min(3, late // 2),
                "appetite_loss": min(3, 1 + late // 3),
                "abdominal_pain": 1 if day < 12 else 2,
            },
            "temperature_c": 36.7 if day < 13 else 38.1,
            "signs": ["dark_urine"] if day >= 10 else [],
        }
        if day == 13:
            r["note"] = "shivery in the night, eyes more yellow"
        reports.append(r)
    return {
        "format": "symptom-diary",
        "version": 1,
        "profile": {"therapies": ["taxane", "her2_antibody"], "usual_stools_per_day": 1, "biliary_stent": True},
        "reports": reports,
        "labs": [
            {"taken_on": "2026-11-09", "test": "bilirubin", "value": 19, "unit": "umol/L", "ref_low": 3, "ref_high": 21},
            {"taken_on": "2026-11-18", "test": "bilirubin", "value": 45, "unit": "umol/L", "ref_low": 3, "ref_high": 21},
            {"taken_on": "2026-11-22", "test": "bilirubin", "value": 4.1, "unit": "mg/dL", "ref_low": 0.2, "ref_high": 1.2},
            {"taken_on": "2026-11-22", "test": "alp", "value": 420, "unit": "U/L", "ref_high": 130, "baseline": 180},
            {"taken_on": "2026-11-22", "test": "alt", "value": 96, "unit": "U/L", "ref_high": 40},
        ],
    }


def empty_profile():
    """A diary just set up: no profile details, no reports."""
    return {"format": "symptom-diary", "version": 1, "profile": {}, "reports": [], "labs": []}


if __name__ == "__main__":
    write("capecitabine-month.json", capecitabine_month())
    write("jaundice-developing.json", jaundice_developing())
    write("empty-profile.json", empty_profile())
