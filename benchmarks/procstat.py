"""Reading a process's CPU from Linux's /proc, shared by the measurement scripts under benchmarks/."""
import glob
import os
import re

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
