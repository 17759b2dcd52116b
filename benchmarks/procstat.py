"""Reading a process's CPU from Linux's /proc, shared by the measurement scripts under benchmarks/."""
import glob
import os
import re
import time

HZ = os.sysconf("SC_CLK_TCK")


def process_cpu(pid):
    """User + system CPU seconds of the process: every thread, exited ones included (not its children)."""
    with open(f"/proc/{pid}/stat") as f:
        data = f.read()
    fields = data[data.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / HZ


def tasks(pid):
    """Every live thread: (tid, name with trailing digits folded to #, CPU seconds, voluntary and involuntary context
    switches). A thread that ends while it is read is left out."""
    for task in glob.glob(f"/proc/{pid}/task/*"):
        try:
            with open(f"{task}/stat") as f:
                data = f.read()
            with open(f"{task}/status") as f:
                status = f.read()
        except (FileNotFoundError, ProcessLookupError):
            continue
        comm = data[data.index("(") + 1:data.rindex(")")]
        fields = data[data.rindex(")") + 2:].split()
        yield (int(os.path.basename(task)), re.sub(r"\d+$", "#", comm), (int(fields[11]) + int(fields[12])) / HZ,
               int(re.search(r"^voluntary_ctxt_switches:\s+(\d+)", status, re.M).group(1)),
               int(re.search(r"^nonvoluntary_ctxt_switches:\s+(\d+)", status, re.M).group(1)))


def threads(pid):
    """Every live thread: tid -> (name with trailing digits folded to #, CPU seconds, voluntary context switches)."""
    return {tid: (name, cpu, vol) for tid, name, cpu, vol, _ in tasks(pid)}


def snapshot(pid):
    """The process's CPU and every live thread's, with the monotonic time they were read at."""
    return {"at": time.monotonic(), "cpu": process_cpu(pid), "threads": threads(pid)}


def window(a, b):
    """Cores used between two snapshots of one process, in total and by thread name, with each name's wake-ups a second.
    Counted by thread id: a thread alive at both ends counts its difference, one born inside the window all of its CPU;
    the CPU of threads that ended inside the window is the process's total minus the live threads' ("(exited threads)")."""
    seconds = b["at"] - a["at"]
    by = {}
    for tid, (name, cpu, switches) in b["threads"].items():
        _, cpu0, switches0 = a["threads"].get(tid, (name, 0.0, 0))
        v = by.setdefault(name, {"cores": 0.0, "threads": 0, "born": 0, "wakeups_per_s": 0.0})
        v["cores"] += (cpu - cpu0) / seconds
        v["threads"] += 1
        v["born"] += tid not in a["threads"]
        v["wakeups_per_s"] += (switches - switches0) / seconds
    total = (b["cpu"] - a["cpu"]) / seconds
    ended = sum(1 for tid in a["threads"] if tid not in b["threads"])
    exited = total - sum(v["cores"] for v in by.values())
    by["(exited threads)"] = {"cores": max(0.0, exited), "threads": ended, "born": 0, "wakeups_per_s": 0}
    return {"seconds": seconds, "process_cores": total, "by_thread": by}
