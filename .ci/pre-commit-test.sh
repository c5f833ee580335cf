#!/usr/bin/env bash
# End-to-end test of the pre-commit hook defined in .pre-commit-hooks.yaml.
#
#   .ci/pre-commit-test.sh [REPO]
#
# REPO (default: the repository holding this script) is used the way a
# project's .pre-commit-config.yaml uses it: `repo: REPO`, `rev: <its HEAD>`.
# It therefore tests the COMMITTED HEAD of REPO: uncommitted changes are not
# part of the hook (the script warns when there are some).
#
# What it does:
#   1. installs pre-commit from PyPI into a virtualenv under a temp dir
#      (or uses $PRE_COMMIT, a pre-commit executable, if set);
#   2. creates a scratch git repository with a bad JD Cloud request, a good
#      one (a peering in both directions), a YAML file that is not a request
#      (a CI config), and eight requests that share one peering name;
#   3. builds the hook once (`pre-commit install-hooks`: pre-commit's rust
#      language runs `cargo install --bins --root <env> --path .` in its
#      clone of REPO) and runs `pre-commit run peerlint --files ...` on them.
#
# Build cache: cargo install honours CARGO_TARGET_DIR, so the script exports
# it (default: REPO/target) and the release build reuses the dependencies a
# previous run or a CI `cargo build --release` compiled; only the peerlint
# crate itself is rebuilt (pre-commit's clone is a new path). Note that
# pre-commit does not pass --locked, so cargo resolves the dependencies
# afresh (crates.io index access needed) instead of using Cargo.lock.
#
# Environment: PRE_COMMIT (use this pre-commit), PRE_COMMIT_VERSION (pin the
# version installed from PyPI), KEEP_TMP=1 (keep the temp dir), CARGO_TARGET_DIR.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "${1:-$script_dir/..}" && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target}

say() { printf '==> %s\n' "$*"; }

work=$(mktemp -d "${TMPDIR:-/tmp}/peerlint-pre-commit.XXXXXX")
cleanup() {
    if [[ ${KEEP_TMP:-} == 1 ]]; then
        say "kept $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT

rev=$(git -C "$repo" rev-parse HEAD)
say "hook repository: $repo at $rev"
if [[ -n $(git -C "$repo" status --porcelain --untracked-files=no) ]]; then
    say "warning: $repo has uncommitted changes; they are NOT tested (the hook is built from HEAD)"
fi
say "CARGO_TARGET_DIR=$CARGO_TARGET_DIR"

# 1. pre-commit
if [[ -n ${PRE_COMMIT:-} ]]; then
    pre_commit=$PRE_COMMIT
else
    say "installing pre-commit${PRE_COMMIT_VERSION:+ $PRE_COMMIT_VERSION} from PyPI into $work/venv"
    python3 -m venv "$work/venv"
    "$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        "pre-commit${PRE_COMMIT_VERSION:+==$PRE_COMMIT_VERSION}"
    pre_commit=$work/venv/bin/pre-commit
fi
say "using $("$pre_commit" --version)"
# A store of its own: nothing from (or into) the user's ~/.cache/pre-commit.
export PRE_COMMIT_HOME=$work/store

# 2. the scratch repository
scratch=$work/project
say "creating the scratch repository $scratch"
git init -q "$scratch"
cd "$scratch"

cat > bad.yaml <<'EOF'
# vpcPeeringName has a space: jdcloud/invalid-character
provider: jdcloud
params:
  regionId: cn-north-1
  vpcPeeringName: app to db
  vpcId: vpc-ofxxrkkw0r
  remoteVpcId: vpc-2k8d0cx9aa
EOF

cat > good.yaml <<'EOF'
# A valid JD Cloud peering, created from both sides.
provider: jdcloud
account: "82150512"
params:
  regionId: cn-north-1
  vpcPeeringName: app_to_db
  vpcId: vpc-ofxxrkkw0r
  remoteVpcId: vpc-2k8d0cx9aa
  description: app_tier_to_db_tier
vpcs:
  - {vpcId: vpc-ofxxrkkw0r, vpcName: app, addressPrefix: [10.0.0.0/16], region: cn-north-1}
  - {vpcId: vpc-2k8d0cx9aa, vpcName: db, addressPrefix: [10.1.0.0/16], region: cn-north-1}
---
provider: jdcloud
account: "82150512"
params:
  regionId: cn-north-1
  vpcPeeringName: db_to_app
  vpcId: vpc-2k8d0cx9aa
  remoteVpcId: vpc-ofxxrkkw0r
EOF

cat > ci.yml <<'EOF'
# Not a request: skipped without a finding.
name: ci
on: [push]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
EOF

# Eight requests, each valid alone, that share the name app_to_db (in the
# implicit shared account): linted together, 7 are duplicates.
for n in 1 2 3 4 5 6 7 8; do
    cat > "dup$n.yaml" <<EOF
provider: jdcloud
params:
  regionId: cn-north-1
  vpcPeeringName: app_to_db
  vpcId: vpc-00000000a$n
  remoteVpcId: vpc-00000000b$n
EOF
done

cat > .pre-commit-config.yaml <<EOF
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: peerlint
EOF

git add -A
git -c user.name=peerlint-ci -c user.email=ci@peerlint.invalid commit -qm "fixtures"

# 3. build the hook once, then run it
say "building the hook (pre-commit install-hooks: cargo install --path . in its clone of $rev)"
start=$SECONDS
"$pre_commit" install-hooks
say "hook built in $((SECONDS - start))s"

passed=0
failed=0

# check NAME EXPECT NEEDLE COUNT FILE...: EXPECT is `pass` (exit 0) or
# `fail` (non-zero exit); NEEDLE, if not empty, must occur in the output,
# COUNT times exactly (`-`: at least once).
check() {
    local name=$1 expect=$2 needle=$3 count=$4
    shift 4
    say "pre-commit run peerlint --files $* (expect: $expect${needle:+, output with $needle})"
    local output status=0
    output=$("$pre_commit" run peerlint --files "$@" 2>&1) || status=$?
    printf '%s\n' "$output" | sed 's/^/    | /'
    local ok=1
    if [[ $expect == pass && $status -ne 0 ]]; then
        ok=0
        echo "    expected exit 0, got $status"
    elif [[ $expect == fail && $status -eq 0 ]]; then
        ok=0
        echo "    expected a non-zero exit, got 0"
    fi
    if [[ -n $needle ]]; then
        local found
        found=$(grep -cF -- "$needle" <<<"$output" || true)
        if [[ $count == - && $found -eq 0 ]]; then
            ok=0
            echo "    expected the output to contain: $needle"
        elif [[ $count != - && $found -ne $count ]]; then
            ok=0
            echo "    expected $count lines with: $needle (found $found)"
        fi
    fi
    if ((ok)); then
        passed=$((passed + 1))
        echo "    PASS: $name"
    else
        failed=$((failed + 1))
        echo "    FAIL: $name"
    fi
}

check "bad request is rejected" fail jdcloud/invalid-character - bad.yaml
check "good request passes" pass "" - good.yaml
check "non-request YAML is skipped" pass "" - ci.yml
check "a request valid alone passes" pass "" - dup1.yaml
# With require_serial: true all files reach one peerlint process, so every
# duplicate across files is found. Without it, pre-commit splits the files
# over one process per CPU (at least 4 files each), and on two or more CPUs
# these eight would be linted in two groups: 3 + 3 duplicates, not 7.
check "duplicates across files are all found (require_serial)" fail \
    "is already used by another request" 7 dup?.yaml

# 4. A repository of other tools' files next to request files
# (testdata/repo: .clang-format, .yamllint, .babelrc, tsconfig.json with
# comments, a Helm chart, serverless.yml, a workflow, main.tf.json,
# package.json): `--all-files` reports exactly the request files' findings.
mixed=$work/mixed
cp -r "$repo/testdata/repo" "$mixed"
cd "$mixed"
git init -q
cat > .pre-commit-config.yaml <<EOF
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: peerlint
        args: [-f, concise]
EOF
git add -A
git -c user.name=peerlint-ci -c user.email=ci@peerlint.invalid commit -qm "mixed repository"
say "pre-commit run peerlint --all-files in a repository of other tools' files (expect: only the request files' findings)"
status=0
output=$("$pre_commit" run peerlint --all-files 2>&1) || status=$?
printf '%s\n' "$output" | sed 's/^/    | /'
findings=$(grep -E '^[^ ]+:[0-9]+:[0-9]+: (error|warning|info)\[' <<<"$output" || true)
others=$(grep -vE '^requests/(bad\.json|typo\.yaml):' <<<"$findings" || true)
if [[ $status -ne 0 ]] && grep -qF 'requests/bad.json' <<<"$findings" \
    && grep -qF 'requests/typo.yaml' <<<"$findings" && [[ -z $others ]] \
    && ! grep -qF 'not a request file' <<<"$output"; then
    passed=$((passed + 1))
    echo "    PASS: other tools' files are skipped; the request files' findings are reported"
else
    failed=$((failed + 1))
    echo "    FAIL: expected findings in requests/bad.json and requests/typo.yaml only (exit $status)"
    if [[ -n $others ]]; then printf '    unexpected: %s\n' "$others"; fi
fi

echo "pre-commit hook: $passed passed, $failed failed"
((failed == 0))
