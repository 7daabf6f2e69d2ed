"""benchlib - what the bench scripts share: where the program is, building it,
the machine the figures come from, running `ipcviz bench`, and plain tables.

Every script here prints the machine line first: a figure means nothing without
the CPUs, the kernel and how busy the machine was while it ran.
"""
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
BENCH = TOP / "bench"
BUILD = Path(os.environ.get("IPCVIZ_BUILD", TOP / "build"))
IPCVIZ = BUILD / "ipcviz"


def need(*packages):
    """Installs the Debian packages that are missing, as scripts/setup does."""
    missing = []
    for pkg in packages:
        r = subprocess.run(["dpkg-query", "-W", "-f=${Status}", pkg],
                           capture_output=True, text=True)
        if "ok installed" not in r.stdout:
            missing.append(pkg)
    if not missing:
        return
    print("bench: installing " + " ".join(missing), file=sys.stderr)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq"] + missing, check=True,
                   env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"),
                   stdout=subprocess.DEVNULL)


def build():
    """Builds ipcviz with scripts/setup, unless BENCH_NO_BUILD is set and it exists."""
    if os.environ.get("BENCH_NO_BUILD") and IPCVIZ.exists():
        return
    subprocess.run([str(TOP / "scripts" / "setup")], check=True)


def machine():
    """One line: CPUs, CPU model, kernel, load average now."""
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    return (f"machine: {os.cpu_count()} CPUs, {model}, Linux {os.uname().release}, "
            f"load average {load}")


def ipcviz_bench(seconds, placement="same-cpu", extra=()):
    """The medians of `ipcviz bench --json --seconds S` in one placement
    ("same-cpu" or "two-cpus"), keyed by (channel, size): {"msgs_per_s": …, …}."""
    out = subprocess.run([str(IPCVIZ), "bench", "--json", "--seconds", str(seconds), *extra],
                         check=True, capture_output=True, text=True).stdout
    return {(r["channel"], r["size"]): {k: v["median"] for k, v in r.items()
                                        if isinstance(v, dict)}
            for r in json.loads(out)["results"] if r["placement"] == placement}


def median(values):
    return statistics.median(values) if values else float("nan")


def size_words(size):
    return f"{size // 1024} KiB" if size % 1024 == 0 else f"{size} B"


def table(headers, rows, left=2):
    """Columns aligned: the first `left` columns to the left, the rest (figures)
    to the right."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]

    def line(row):
        return "  ".join(c.ljust(widths[i]) if i < left else c.rjust(widths[i])
                         for i, c in enumerate(row)).rstrip()

    return "\n".join([line(headers)] + [line(r) for r in cells])
