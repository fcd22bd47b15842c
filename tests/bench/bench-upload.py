#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Upload benchmark: one large file to s3rver on loopback with Debrief's upload
# queue, with rclone and with `aws s3 cp`, in the same invocation; throughput
# medians, their ratios, and Debrief's peak RSS.
#
#   tests/bench/bench-upload.py [--build _build] [--mib 512] [--runs 3]
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def start_s3rver(s3rver, workdir):
    data = os.path.join(workdir, "s3rver")
    os.mkdir(data)
    proc = subprocess.Popen([s3rver, "-s", "-d", data, "-a", "127.0.0.1", "-p", "0", "--configure-bucket", "bench"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in proc.stdout:
        if "listening on" in line:
            return proc, "http://" + line.split("listening on ")[1].strip()
    sys.exit("bench-upload: s3rver did not start")


def run_measured(cmd, env=None):
    """Wall time and peak RSS (KiB) of one child process."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench-upload: {cmd[0]} failed: {proc.stderr.read().decode()}")
    return wall, usage.ru_maxrss


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build", default=os.path.join(os.path.dirname(__file__), "..", "..", "_build"))
    parser.add_argument("--mib", type=int, default=512)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    build = os.path.abspath(args.build)
    helper = os.path.join(build, "tests", "bench-upload")
    s3rver = os.path.join(build, "node_modules", ".bin", "s3rver")
    for path in (helper, s3rver):
        if not os.access(path, os.X_OK):
            sys.exit(f"bench-upload: {path} is missing; run build-aux/test.sh first")
    for tool in ("rclone", "/usr/bin/aws"):
        if shutil.which(tool) is None:
            sys.exit(f"bench-upload: {tool} is missing; run build-aux/deps.sh")

    with tempfile.TemporaryDirectory(prefix="debrief-bench-") as workdir:
        big = os.path.join(workdir, "big.bin")
        with open(big, "wb") as f:
            chunk = os.urandom(1024 * 1024)
            for _ in range(args.mib):
                f.write(chunk)
        server, endpoint = start_s3rver(s3rver, workdir)
        env = dict(os.environ, RCLONE_CONFIG="/dev/null", RCLONE_CONFIG_B_TYPE="s3", RCLONE_CONFIG_B_PROVIDER="Other",
                   RCLONE_CONFIG_B_ENDPOINT=endpoint, RCLONE_CONFIG_B_ACCESS_KEY_ID="S3RVER",
                   RCLONE_CONFIG_B_SECRET_ACCESS_KEY="S3RVER", RCLONE_CONFIG_B_FORCE_PATH_STYLE="true")
        env.pop("AWS_CA_BUNDLE", None)
        env.update(AWS_ACCESS_KEY_ID="S3RVER", AWS_SECRET_ACCESS_KEY="S3RVER", AWS_DEFAULT_REGION="us-east-1",
                   AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null",
                   AWS_EC2_METADATA_DISABLED="true")
        try:
            debrief, rclone, aws, rss = [], [], [], []
            for i in range(args.runs):
                wall, peak = run_measured([helper, endpoint, "bench", big, f"debrief/{i}.bin"])
                debrief.append(wall)
                rss.append(peak)
                wall, _ = run_measured(["rclone", "copyto", big, f"b:bench/rclone/{i}.bin"], env=env)
                rclone.append(wall)
                wall, _ = run_measured(["/usr/bin/aws", "--endpoint-url", endpoint, "s3", "cp", "--quiet", big,
                                        f"s3://bench/aws/{i}.bin"], env=env)
                aws.append(wall)
        finally:
            server.terminate()
            server.wait()

    d, r, a = statistics.median(debrief), statistics.median(rclone), statistics.median(aws)
    print(f"upload {args.mib} MiB to s3rver on loopback, median of {args.runs}:")
    print(f"  Debrief (upload queue)  {d:7.2f} s  {args.mib / d:7.1f} MiB/s  peak RSS {max(rss) / 1024:.1f} MiB")
    print(f"  rclone copyto           {r:7.2f} s  {args.mib / r:7.1f} MiB/s")
    print(f"  aws s3 cp               {a:7.2f} s  {args.mib / a:7.1f} MiB/s")
    print(f"  throughput Debrief/rclone {r / d:5.2f}   (target >= 1.0; peak RSS target < 64 MiB)")
    print(f"  throughput Debrief/aws    {a / d:5.2f}")


if __name__ == "__main__":
    main()
