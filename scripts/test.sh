#!/usr/bin/env bash
# Runs every test of the solution and prints one closing line "N passed, N failed".
# Installs what the tests need when it is missing; needs the .NET 10 SDK on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET SDK is missing: install the .NET 10 SDK (see README.md) and run this again." >&2
    exit 1
fi

# Installs the Debian packages the tests use when they are missing. OpenBLAS backs the CNN's
# matrix products; without it the ML tests still run on the managed fallback, more slowly.
# tests/Portal.BrowserTests drive Chromium. Without it they fail, and the failure message names
# the command that installs it.
install_missing_packages() {
    local missing=()
    for package in "$@"; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
    if [ "${#missing[@]}" -eq 0 ]; then
        return
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "Not a Debian system: install ${missing[*]} yourself; continuing without." >&2
        return
    fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    echo "Installing ${missing[*]} with apt-get."
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
}

# fonts-wqy-microhei lets Chromium draw Chinese, so the screenshots of pages in Simplified
# Chinese show text rather than empty boxes. The tests themselves read text, not pixels.
packages=(libopenblas0-pthread fonts-wqy-microhei)
# The browser tests start /usr/bin/chromium unless POLICYENGINE_CHROMIUM names another browser.
if [ -z "${POLICYENGINE_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
    packages+=(chromium)
fi
install_missing_packages "${packages[@]}"

# Every web host a test starts would watch its settings files, and each watcher takes an inotify
# instance from a limit that all processes of the user share (128 by default on Linux). Parallel
# test classes, or test runs of several checkouts at once, then fail with "The configured user
# limit (128) on the number of inotify instances has been reached". No test reloads settings.
export DOTNET_hostBuilder__reloadConfigOnChange=false

results="TestResults"
rm -rf "$results"
mkdir -p "$results"

dotnet restore PolicyEngine.sln
status=0
dotnet test PolicyEngine.sln --no-restore \
    --logger "trx" --logger "console;verbosity=normal" \
    --results-directory "$results" || status=$?

# Each test project writes one TRX file; add up their counters.
passed=0
failed=0
shopt -s nullglob
trx_files=("$results"/*.trx)
for trx in "${trx_files[@]}"; do
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
done

if [ "${#trx_files[@]}" -eq 0 ]; then
    echo "No test results were written; see the build output above." >&2
    status=1
fi

echo "$passed passed, $failed failed"
exit "$status"
