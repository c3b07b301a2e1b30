#!/usr/bin/python3
"""Combine one PyTorch run and the C# runs of the CNN benchmark into a JSON record and a markdown table.

run.sh calls this after the runs. It checks these targets for C# with OpenBLAS. Its test
accuracy is at most 0.5 points below PyTorch's after the same epochs. Its epoch time is at
most 1.5 times PyTorch's (must), at most PyTorch's (target) and at most 0.7 of it (aim). Its
inference is at least as fast as PyTorch's.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

MAX_ACCURACY_DEFICIT_POINTS = 0.5
EXPECTED_ACCURACY = {3: 0.90, 5: 0.91}
EPOCH_TIME_LIMITS = [("must", 1.5), ("target", 1.0), ("aim", 0.7)]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pytorch", type=Path, required=True, help="JSON written by pytorch_cnn.py")
    parser.add_argument("--csharp", type=Path, required=True, help="JSON written by CnnBench with OpenBLAS")
    parser.add_argument("--managed", type=Path, help="JSON written by CnnBench with the managed GEMM")
    parser.add_argument("--loads", type=Path, required=True,
                        help="file from run.sh with one line per run: name, then the 1, 5 and 15 minute load "
                             "averages before and after it")
    parser.add_argument("--date", required=True, help="date of the run, YYYY-MM-DD")
    parser.add_argument("--json-out", type=Path, required=True, help="combined JSON record to write")
    parser.add_argument("--markdown-out", type=Path, required=True, help="markdown table to write")
    return parser.parse_args()


def load(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        sys.exit(f"error: reading '{path}' failed: {error}")


def first_line_value(path, key, separator):
    """Return the value of the first 'key<separator>value' line of a text file, or None."""
    try:
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                name, found, value = line.partition(separator)
                if found and name.strip() == key:
                    return value.strip().strip('"')
    except OSError:
        return None
    return None


def command_output(*command):
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def read_loads(path):
    """Parse run.sh's load file into {run name: {"before": "a b c", "after": "a b c"}}."""
    loads = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, before_after, values = line.split(maxsplit=2)
        loads.setdefault(name, {})[before_after] = values
    return loads


def describe_machine(loads):
    """Return the CPU, memory, OS and software versions, with no paths of home or temporary folders."""
    memory_kib = first_line_value("/proc/meminfo", "MemTotal", ":")
    return {
        "cpu_model": first_line_value("/proc/cpuinfo", "model name", ":"),
        "logical_cpus": os.cpu_count(),
        "memory_gib": round(int(memory_kib.split()[0]) / 2**20, 1) if memory_kib else None,
        "os": first_line_value("/etc/os-release", "PRETTY_NAME", "="),
        "kernel": platform.release(),
        "dotnet_sdk": command_output("dotnet", "--version"),
        "openblas_package": command_output("dpkg-query", "-W", "-f=${Version}", "libopenblas0-pthread"),
        "python3_torch_package": command_output("dpkg-query", "-W", "-f=${Version}", "python3-torch"),
        "load_averages": loads,
    }


def total_seconds(run):
    return sum(epoch["seconds"] for epoch in run["epochs"])


def compute_ratios(pytorch, csharp):
    """Return C#/PyTorch epoch-time ratios, accuracy differences in points and the inference ratio."""
    epochs = []
    for mine, theirs in zip(csharp["epochs"], pytorch["epochs"]):
        difference = None
        if mine["test_accuracy"] is not None:
            difference = 100 * (mine["test_accuracy"] - theirs["test_accuracy"])
        epochs.append({
            "epoch": mine["epoch"],
            "time_ratio": mine["seconds"] / theirs["seconds"],
            "accuracy_difference_points": difference,
        })
    return {
        "epochs": epochs,
        "total_time_ratio": total_seconds(csharp) / total_seconds(pytorch),
        "inference_speed_ratio": csharp["inference"]["images_per_second"] / pytorch["inference"]["images_per_second"],
    }


def check_targets(pytorch, csharp, ratios):
    """Return one row per target: name, threshold, measured value and whether it is met."""
    last = len(pytorch["epochs"])
    accuracy_difference = ratios["epochs"][-1]["accuracy_difference_points"]
    rows = [(f"Test accuracy after epoch {last}, C# minus PyTorch",
             f">= -{MAX_ACCURACY_DEFICIT_POINTS} points",
             f"{accuracy_difference:+.2f} points",
             accuracy_difference >= -MAX_ACCURACY_DEFICIT_POINTS)]
    if last in EXPECTED_ACCURACY:
        expected = EXPECTED_ACCURACY[last]
        for name, run in (("PyTorch", pytorch), ("C#", csharp)):
            measured = run["epochs"][-1]["test_accuracy"]
            rows.append((f"{name} test accuracy after epoch {last} (expected)", f">= {expected:.2f}",
                         f"{measured:.4f}", measured >= expected))
    time_ratio = ratios["total_time_ratio"]
    for level, limit in EPOCH_TIME_LIMITS:
        rows.append((f"Epoch time, C# / PyTorch ({level})", f"<= {limit}", f"{time_ratio:.2f}", time_ratio <= limit))
    speed_ratio = ratios["inference_speed_ratio"]
    rows.append(("Inference speed, C# / PyTorch", ">= 1.0", f"{speed_ratio:.2f}", speed_ratio >= 1.0))
    return [{"target": t, "threshold": h, "measured": m, "met": met} for t, h, m, met in rows]


def format_accuracy(value):
    return "not measured" if value is None else f"{value:.4f}"


def format_difference(value):
    return "n/a" if value is None else f"{value:+.2f}"


def render_markdown(record):
    pytorch, csharp, managed = record["pytorch"], record["csharp_openblas"], record.get("csharp_managed")
    ratios, managed_ratios = record["ratios_openblas"], record.get("ratios_managed")
    inference_batch = pytorch["inference"]["batch_size"]
    header = "| Epoch | PyTorch s | C# OpenBLAS s | Time ratio | PyTorch accuracy | C# OpenBLAS accuracy | Difference (points) |"
    rule = "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    if managed:
        header += " C# managed s | Time ratio | C# managed accuracy | Difference (points) |"
        rule += " ---: | ---: | ---: | ---: |"
    machine = record["machine"]
    lines = [f"# CNN benchmark, {record['date']}, {len(pytorch['epochs'])} epochs", "",
             f"{machine['cpu_model']}, {machine['logical_cpus']} logical CPUs, {machine['memory_gib']} GiB, "
             f"{machine['os']}. PyTorch {pytorch['torch_version']} with {pytorch['torch_threads']} threads and "
             f"OPENBLAS_NUM_THREADS={pytorch['openblas_num_threads_env']}; C# on {csharp['runtime']} with "
             f"{csharp['threads']} threads, {csharp['gemm']}.", "",
             "Time ratio is C# seconds divided by PyTorch seconds. Difference is C# accuracy minus PyTorch "
             "accuracy in percentage points.", "",
             header, rule]
    for index, theirs in enumerate(pytorch["epochs"]):
        mine = csharp["epochs"][index]
        line = (f"| {theirs['epoch']} | {theirs['seconds']:.1f} | {mine['seconds']:.1f} | "
                f"{ratios['epochs'][index]['time_ratio']:.2f} | {theirs['test_accuracy']:.4f} | "
                f"{format_accuracy(mine['test_accuracy'])} | "
                f"{format_difference(ratios['epochs'][index]['accuracy_difference_points'])} |")
        if managed:
            other = managed["epochs"][index]
            line += (f" {other['seconds']:.1f} | {managed_ratios['epochs'][index]['time_ratio']:.2f} | "
                     f"{format_accuracy(other['test_accuracy'])} | "
                     f"{format_difference(managed_ratios['epochs'][index]['accuracy_difference_points'])} |")
        lines.append(line)
    line = (f"| All | {total_seconds(pytorch):.1f} | {total_seconds(csharp):.1f} | {ratios['total_time_ratio']:.2f} | | | |")
    if managed:
        line += f" {total_seconds(managed):.1f} | {managed_ratios['total_time_ratio']:.2f} | | |"
    lines.append(line)

    lines += ["", f"Inference on the {pytorch['inference']['images']:,} test images, batch {inference_batch}, "
              "median of the timed passes:", "",
              "| Implementation | Images per second | Ratio to PyTorch |", "| --- | ---: | ---: |",
              f"| PyTorch | {pytorch['inference']['images_per_second']:,.0f} | 1.00 |",
              f"| C# OpenBLAS | {csharp['inference']['images_per_second']:,.0f} | {ratios['inference_speed_ratio']:.2f} |"]
    if managed:
        lines.append(f"| C# managed GEMM | {managed['inference']['images_per_second']:,.0f} | "
                     f"{managed_ratios['inference_speed_ratio']:.2f} |")

    lines += ["", "Targets, for C# with OpenBLAS:", "", "| Target | Threshold | Measured | Met |", "| --- | --- | ---: | --- |"]
    lines += [f"| {row['target']} | {row['threshold']} | {row['measured']} | {'yes' if row['met'] else 'no'} |"
              for row in record["targets_openblas"]]

    lines += ["", "Load average (1, 5, 15 minutes) before and after each run:", ""]
    lines += [f"- {name}: {loads['before']} before, {loads['after']} after"
              for name, loads in record["machine"]["load_averages"].items()]
    return "\n".join(lines) + "\n"


def main():
    args = parse_args()
    pytorch, csharp = load(args.pytorch), load(args.csharp)
    if len(pytorch["epochs"]) != len(csharp["epochs"]):
        sys.exit(f"error: PyTorch ran {len(pytorch['epochs'])} epochs but C# ran {len(csharp['epochs'])}; "
                 "compare runs with the same --epochs")
    ratios = compute_ratios(pytorch, csharp)
    record = {
        "date": args.date,
        "machine": describe_machine(read_loads(args.loads)),
        "pytorch": pytorch,
        "csharp_openblas": csharp,
        "ratios_openblas": ratios,
        "targets_openblas": check_targets(pytorch, csharp, ratios),
    }
    if args.managed:
        managed = load(args.managed)
        record["csharp_managed"] = managed
        record["ratios_managed"] = compute_ratios(pytorch, managed)
    args.json_out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    markdown = render_markdown(record)
    args.markdown_out.write_text(markdown, encoding="utf-8")
    print(markdown)


if __name__ == "__main__":
    main()
