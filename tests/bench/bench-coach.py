#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Coaching-call latency: a coaching call of many turns (espeak-ng speech as
# the microphone, played in real time) against the fake OpenAI-compatible
# backend answering at once, so what is measured is Debrief's own time from
# the moment the end of speech is detected to the first coach audio sample
# reaching the audio sink, per turn; p50 and p95 of each stage.
#
#   tests/bench/bench-coach.py [--build _build] [--turns 24] [--end-silence 600]
import argparse
import os
import subprocess
import sys


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", default=os.path.join(os.path.dirname(__file__), "..", "..", "_build"))
    parser.add_argument("--turns", type=int, default=24)
    parser.add_argument("--end-silence", type=int, default=600)
    args = parser.parse_args()

    helper = os.path.join(os.path.abspath(args.build), "tests", "bench-coach")
    if not os.access(helper, os.X_OK):
        sys.exit(f"bench-coach: {helper} is missing; build first (build-aux/test.sh)")

    out = subprocess.run([helper, str(args.turns), str(args.end_silence)], check=True, capture_output=True,
                         text=True)
    results = {line.split()[0]: (int(line.split()[1]), int(line.split()[2])) for line in out.stdout.splitlines()}
    print(f"coaching call, {args.turns} turns, end-of-speech silence {args.end_silence} ms "
          f"(fake backend answering at once; {out.stderr.strip()}):")
    names = {"transcript_ms": "transcript received", "first_token_ms": "first reply token",
             "first_audio_ms": "first coach audio at the sink"}
    for key, label in names.items():
        p50, p95 = results[key]
        target = "   (target p50 < 60 ms, p95 < 120 ms)" if key == "first_audio_ms" else ""
        print(f"  end of speech -> {label:30} p50 {p50:4d} ms   p95 {p95:4d} ms{target}")


if __name__ == "__main__":
    main()
