#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Media benchmark: Debrief's Ogg/Opus encoding against opusenc on the same
# speech-like input, and the CPU cost of a live recording.
#
#   tests/bench/bench-media.py [--build _build] [--minutes 30] [--runs 3] [--record-seconds 60]
#
# Prints medians side by side and their ratio (target: Debrief within 1.15x
# of opusenc), then the CPU share of one core while recording (target: < 2 %).
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

TEXT = (
    "Thanks for taking the time today. I wanted to walk you through the renewal "
    "and the changes to pricing for next year. Before we start, how has the team "
    "found the new reporting features? We have heard that onboarding took longer "
    "than planned, and we would like to understand what slowed it down. "
)


def run(cmd, **kwargs):
    return subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)


def make_speech_wav(path, minutes, workdir):
    """About `minutes` of espeak-ng speech, resampled to 48 kHz mono WAV."""
    words_needed = minutes * 178  # espeak-ng at -s 160 speaks about 160 words a minute, pauses included
    text = (TEXT * (words_needed // len(TEXT.split()) + 1))
    raw = os.path.join(workdir, "speech-22k.wav")
    run(["espeak-ng", "-s", "160", "-w", raw, text])
    run(["gst-launch-1.0", "-q", "filesrc", f"location={raw}", "!", "wavparse", "!", "audioconvert", "!",
         "audioresample", "!", "audio/x-raw,rate=48000,channels=1,format=S16LE", "!", "wavenc", "!",
         "filesink", f"location={path}"])
    os.unlink(raw)


def timed(cmd, env=None):
    start = time.monotonic()
    run(cmd, env=env)
    return time.monotonic() - start


def probe_seconds(cli, path):
    out = subprocess.run([cli, "probe", path, "--json"], check=True, capture_output=True, text=True).stdout
    import json
    return json.loads(out)["duration_ms"] / 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", default=os.path.join(os.path.dirname(__file__), "..", "..", "_build"))
    parser.add_argument("--minutes", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--record-seconds", type=int, default=60)
    args = parser.parse_args()

    cli = os.path.abspath(os.path.join(args.build, "src", "cli", "debrief-cli"))
    for tool in ("opusenc", "espeak-ng", "gst-launch-1.0"):
        if shutil.which(tool) is None:
            sys.exit(f"bench-media: {tool} is missing; run build-aux/deps.sh")
    if not os.access(cli, os.X_OK):
        sys.exit(f"bench-media: {cli} is missing; build first (ninja -C {args.build})")

    with tempfile.TemporaryDirectory(prefix="debrief-bench-") as workdir:
        wav = os.path.join(workdir, "speech.wav")
        make_speech_wav(wav, args.minutes, workdir)
        seconds = probe_seconds(cli, wav)
        print(f"input: {seconds / 60:.1f} min of espeak-ng speech, 48 kHz mono WAV")

        debrief_times, opusenc_times = [], []
        for i in range(args.runs):
            out_d = os.path.join(workdir, f"debrief-{i}.ogg")
            out_o = os.path.join(workdir, f"opusenc-{i}.ogg")
            debrief_times.append(timed([cli, "transcode", "--preset", "ogg", "--bitrate", "64", wav, out_d]))
            opusenc_times.append(timed(["opusenc", "--quiet", "--hard-cbr", "--bitrate", "64", wav, out_o]))

        d, o = statistics.median(debrief_times), statistics.median(opusenc_times)
        size_d = os.path.getsize(os.path.join(workdir, "debrief-0.ogg")) / 1e6
        size_o = os.path.getsize(os.path.join(workdir, "opusenc-0.ogg")) / 1e6
        print(f"encode to Ogg/Opus 64 kbit/s mono, median of {args.runs}:")
        print(f"  debrief-cli transcode  {d:7.2f} s  ({seconds / d:5.0f}x real time, {size_d:.1f} MB)")
        print(f"  opusenc                {o:7.2f} s  ({seconds / o:5.0f}x real time, {size_o:.1f} MB)")
        print(f"  ratio debrief/opusenc  {d / o:7.2f}   (target <= 1.15)")

        # Live sources in 50 ms blocks, as Debrief captures from PulseAudio.
        env = dict(os.environ,
                   DEBRIEF_AUDIO_SOURCE="audiotestsrc is-live=true wave=pink-noise volume=0.3 samplesperbuffer=2400",
                   DEBRIEF_REMOTE_SOURCE="audiotestsrc is-live=true wave=pink-noise volume=0.2 samplesperbuffer=2400")
        print(f"live recording, {args.record_seconds} s, two channels, Ogg/Opus 64 kbit/s:")
        # What the two test sources cost by themselves, to tell them from Debrief.
        buffers = args.record_seconds * 20
        src = "audiotestsrc is-live=true wave=pink-noise samplesperbuffer=2400 num-buffers=%d ! fakesink" % buffers
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = timed(["gst-launch-1.0", "-q"] + src.split() + src.split())
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        sources = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        print(f"  {'the test sources alone':24s} CPU {sources:.2f} s over {wall:.2f} s = "
              f"{100 * sources / wall:.2f} % of one core")
        for label, extra in (("level voice detection", []), ("WebRTC voice detection", ["--precise-voice-detection"])):
            rec = os.path.join(workdir, "live.ogg")
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall = timed([cli, "record", "-o", rec, "--duration", str(args.record_seconds)] + extra, env=env)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            print(f"  {label:24s} CPU {cpu:.2f} s over {wall:.2f} s = {100 * cpu / wall:.2f} % of one core, "
                  f"{100 * (cpu - sources) / wall:.2f} % without the sources (target < 2 %)")

if __name__ == "__main__":
    main()
