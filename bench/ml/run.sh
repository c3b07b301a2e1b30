#!/usr/bin/env bash
# Run the CNN benchmark: PyTorch first, then the C# trainer with OpenBLAS, then the C# trainer
# with the managed GEMM, all for the same number of epochs on the full Fashion-MNIST. Writes
# bench/ml/results/DATE.json and DATE.md (DATE-2.json and so on when the day already has one).
#
# Usage: bench/ml/run.sh [EPOCHS]     EPOCHS from 1 to 20, default 3
#
# Environment:
#   CNN_BENCH_DATA                     MNIST IDX folder (default /usr/share/datasets/fashion-mnist)
#   CNN_BENCH_TORCH_OPENBLAS_THREADS   OPENBLAS_NUM_THREADS for the PyTorch run (default 1)
#
# Installs nothing. It stops and names the Debian packages to install when one is missing.
set -euo pipefail

epochs="${1:-3}"
if ! [[ "$epochs" =~ ^[0-9]+$ ]] || ((epochs < 1 || epochs > 20)); then
    echo "error: EPOCHS must be a whole number from 1 to 20; got '$epochs'." >&2
    echo "usage: $0 [EPOCHS]" >&2
    exit 2
fi

bench_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data="${CNN_BENCH_DATA:-/usr/share/datasets/fashion-mnist}"
# With torch.set_num_threads(2), PyTorch 1.13.1 runs 2 OpenMP threads, and each OpenBLAS call
# (the dense layers' matrix products) may start 2 more on the same 2 cores. On the 2-core
# machine in bench/README.md, 600 training batches took 5.2 to 5.6 s with 1 OpenBLAS thread
# and 8.7 to 10.7 s with 2 or with the variable unset, with other processes running.
torch_openblas_threads="${CNN_BENCH_TORCH_OPENBLAS_THREADS:-1}"
# The PyTorch run is bounded by this many seconds plus this many per epoch, and so is each C# run.
timeout_base=120
timeout_per_epoch=90
python=/usr/bin/python3

is_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

missing=()
is_installed python3-torch || missing+=(python3-torch)
is_installed libopenblas0-pthread || missing+=(libopenblas0-pthread)
if [[ -z "${CNN_BENCH_DATA:-}" ]] && ! is_installed dataset-fashion-mnist; then
    missing+=(dataset-fashion-mnist)
fi
if ((${#missing[@]} > 0)); then
    echo "error: the benchmark needs these Debian packages, which are not installed: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
if ! command -v dotnet >/dev/null; then
    echo "error: dotnet was not found on PATH. Install the .NET 10 SDK that global.json names." >&2
    exit 1
fi

results_dir="$bench_dir/results"
mkdir -p "$results_dir"
date="$(date +%F)"
name="$date"
suffix=2
while [[ -e "$results_dir/$name.json" ]]; do
    name="$date-$suffix"
    suffix=$((suffix + 1))
done

work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT
loads="$work_dir/loads.txt"
limit=$((timeout_base + timeout_per_epoch * epochs))

load_average() {
    cut -d ' ' -f 1-3 /proc/loadavg
}

# Runs "$@" under the time limit and records the load average before and after it as RUN_NAME.
run_timed() {
    local run_name="$1"
    shift
    echo "== $run_name: load average $(load_average) before" >&2
    echo "$run_name before $(load_average)" >>"$loads"
    if ! timeout "$limit" "$@"; then
        echo "error: the $run_name run failed or took more than $limit s." >&2
        exit 1
    fi
    echo "$run_name after $(load_average)" >>"$loads"
    echo "== $run_name: load average $(load_average) after" >&2
}

# PyTorch's epoch time rises several-fold when anything else runs on the 2 cores (C#'s much less),
# so a ratio measured on a busy machine means little.
one_minute_load=$(cut -d ' ' -f 1 /proc/loadavg)
if awk -v load="$one_minute_load" 'BEGIN { exit !(load > 0.5) }'; then
    echo "warning: the 1-minute load average is $one_minute_load; other work will distort the ratios." \
        "Stop it, or read the results with care." >&2
fi

echo "Building CnnBench in Release..." >&2
dotnet build -c Release -nologo -v quiet "$bench_dir/CnnBench/CnnBench.csproj" >&2
cnn_bench="$bench_dir/CnnBench/bin/Release/net10.0/CnnBench"

run_timed pytorch env OPENBLAS_NUM_THREADS="$torch_openblas_threads" \
    "$python" "$bench_dir/pytorch_cnn.py" --data "$data" --epochs "$epochs" --threads 2 \
    --inference-batch 256 --out "$work_dir/pytorch.json" >/dev/null

# CnnBench sets the OpenBLAS thread count itself, so an inherited OPENBLAS_NUM_THREADS is removed.
run_timed csharp_openblas env -u OPENBLAS_NUM_THREADS \
    "$cnn_bench" --data "$data" --epochs "$epochs" --threads 2 --blas OpenBlas \
    --inference-batch 256 --out "$work_dir/csharp.json" >/dev/null

run_timed csharp_managed env -u OPENBLAS_NUM_THREADS \
    "$cnn_bench" --data "$data" --epochs "$epochs" --threads 2 --blas Managed \
    --inference-batch 256 --out "$work_dir/managed.json" >/dev/null

"$python" "$bench_dir/compare.py" \
    --pytorch "$work_dir/pytorch.json" --csharp "$work_dir/csharp.json" --managed "$work_dir/managed.json" \
    --loads "$loads" --date "$date" \
    --json-out "$results_dir/$name.json" --markdown-out "$results_dir/$name.md"
echo "Wrote $results_dir/$name.json and $results_dir/$name.md" >&2
