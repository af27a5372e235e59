# SPDX-License-Identifier: Apache-2.0
"""Running the points of a sweep: every point is `sweep-task ITS_VP DIR NAME`, on this machine
under GNU parallel or as the tasks of one Slurm array job. Both leave the same files in DIR."""

import os
import shlex
import shutil
import subprocess
import sys
import time

TASK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sweep-task")


class BackendError(Exception):
    """The backend cannot run the sweep at all (not one point's failure)."""


def need(backend):
    """Refuses a backend whose tool is not installed."""
    tool, package = ("parallel", "parallel") if backend == "local" else ("sbatch", "slurm-client")
    if shutil.which(tool) is None:
        raise BackendError(f"{tool} not found, needed by --backend {backend} (Debian: apt-get install {package})")


def run_local(its_vp, out, names, jobs):
    """Every point under GNU parallel, jobs at once."""
    # -q: the paths go to the task as they are, spaces and all; the names come on stdin.
    cmd = ["parallel", "--will-cite", "-q", "-j", str(jobs), "--joblog",
           os.path.join(out, "parallel.log"), TASK, its_vp, out, "{}"]
    print(f"sweep: {len(names)} points, GNU parallel -j {jobs}", flush=True)
    # Its exit status counts the failed points; the merge reads every point's own files instead.
    subprocess.run(cmd, input="".join(n + "\n" for n in names), text=True,
                   stdout=subprocess.DEVNULL)


def _directive(option, value):
    # sbatch splits #SBATCH lines at blanks unless quoted.
    return f'#SBATCH {option}="{value}"\n' if any(c.isspace() for c in value) else f"#SBATCH {option}={value}\n"


def job_script(its_vp, out, width):
    """The array job's script: the task's point is SLURM_ARRAY_TASK_ID. The paths are the ones
    of the submitting host: the nodes see the same files (a shared filesystem). What a rerun by
    hand needs is in #SBATCH lines: sbatch --array=3,7 DIR/sweep.sbatch reruns points 3 and 7."""
    return ("#!/bin/bash\n"
            "# One task per grid point of the sweep in this folder (scripts/sweep --backend slurm).\n"
            "#SBATCH --job-name=its-sweep\n"
            + _directive("--output", os.path.join(out, "slurm", "%A_%a.out"))
            + _directive("--chdir", os.getcwd())
            + f"name=$(printf '%0{width}d' \"$SLURM_ARRAY_TASK_ID\")\n"
            f"exec {shlex.quote(TASK)} {shlex.quote(its_vp)} {shlex.quote(out)} \"$name\"\n")


def run_slurm(its_vp, out, names, jobs, partition, account, sbatch_args, submitted):
    """One array job, waited for; calls submitted(job id) once it is in; returns the job id."""
    script = os.path.join(out, "sweep.sbatch")
    with open(script, "w") as f:
        f.write(job_script(its_vp, out, len(names[0])))
    os.chmod(script, 0o755)
    os.makedirs(os.path.join(out, "slurm"), exist_ok=True)
    array = f"0-{len(names) - 1}" + (f"%{jobs}" if jobs else "")
    cmd = ["sbatch", "--parsable", "--wait", f"--array={array}"]
    if partition:
        cmd.append(f"--partition={partition}")
    if account:
        cmd.append(f"--account={account}")
    cmd += list(sbatch_args) + [script]
    with open(os.path.join(out, "sbatch.cmd"), "w") as f:
        f.write(shlex.join(cmd) + "\n")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    # --parsable prints "jobid[;cluster]" once submitted; --wait then holds until the array ends.
    job = proc.stdout.readline().strip().split(";")[0]
    if not job.isdigit():
        proc.wait()
        raise BackendError(f"sbatch did not submit the array job (exit status {proc.returncode}; above)")
    submitted(job)
    print(f"sweep: {len(names)} points, Slurm array job {job} ({array}), waiting", flush=True)
    try:
        proc.stdout.read()
        proc.wait()
    except KeyboardInterrupt:
        print(f"sweep: interrupted; job {job} still runs (scancel {job})", file=sys.stderr)
        raise
    return job


def settle(out, names, seconds):
    """Waits, up to seconds, for every point's .rc file to be seen. On a cluster's shared
    filesystem (NFS) the submitting host can see a file a node wrote only a while after the job
    ended; listing the folder again refreshes what the host knows of it."""
    runs = os.path.join(out, "runs")
    deadline = time.monotonic() + seconds
    while True:
        seen = set(os.listdir(runs))
        if all(n + ".rc" in seen for n in names) or time.monotonic() >= deadline:
            return
        time.sleep(2)
