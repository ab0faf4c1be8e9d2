"""The GitHub workflow cannot run here, so it is checked offline: GitHub's workflow
schema (check-jsonschema's built-in copy), zizmor's audits, the shape the README
promises, and the address its publish step derives for a fork."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
SERIOUS = {"Medium", "High"}
# A workflow with the faults zizmor exists to catch: a third-party action by tag,
# write-all, a pull request's title pasted into a script.
BAD = """name: bad
on: pull_request_target
permissions: write-all
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
"""


def workflow() -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); BaseLoader keeps every key a string.
    return yaml.load(WORKFLOWS[0].read_text(), Loader=yaml.BaseLoader)


def serious_findings(path: Path) -> list[str]:
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--format", "json", str(path)],
                            capture_output=True, text=True)
    assert result.stdout.strip(), result.stderr
    return [f"{f['ident']} ({f['determinations']['severity']})" for f in json.loads(result.stdout)
            if f["determinations"]["severity"] in SERIOUS]


def test_there_is_one_workflow_and_it_matches_githubs_schema():
    assert [w.name for w in WORKFLOWS] == ["ci.yml"]
    result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                             str(WORKFLOWS[0])], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOWS[0].read_text().replace("runs-on:", "runs_on:", 1))
    result = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                             str(broken)], capture_output=True, text=True)
    assert result.returncode != 0


def test_zizmor_finds_nothing_of_medium_severity_or_above(tmp_path):
    assert serious_findings(WORKFLOWS[0]) == []
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD)
    assert len(serious_findings(bad)) >= 3  # the audit can fail


CACHE = re.compile(r"^actions/cache@[0-9a-f]{40}$")  # GitHub's own, pinned to a commit


def test_every_step_runs_in_debian_bookworm_with_least_permissions():
    flow = workflow()
    assert flow["permissions"] == {}
    for name, job in flow["jobs"].items():
        assert job["container"] == "debian:bookworm", name
        actions = [step["uses"] for step in job["steps"] if "uses" in step]
        assert all(CACHE.match(action) for action in actions), f"{name}: {actions}"
        runs = "".join(step.get("run", "") for step in job["steps"])
        assert "${{" not in runs, f"{name}: expressions go through env"
    test, publish = flow["jobs"]["test"], flow["jobs"]["publish"]
    assert test["permissions"] == {"contents": "read"} and publish["permissions"] == {"contents": "write"}
    assert not any("uses" in step for step in publish["steps"]), "a release restores no cache"


def test_the_token_reaches_only_the_steps_that_fetch_or_push_and_is_never_stored():
    for name, job in workflow()["jobs"].items():
        for step in job["steps"]:
            script = step.get("run", "")
            assert "git config http" not in script and "credential" not in script, step["name"]
            talks_to_github = re.search(r"git -c http\.extraheader=\S+ (fetch|push)", script)
            assert ("TOKEN" in step.get("env", {})) == bool(talks_to_github), f"{name}: {step['name']}"


def test_the_set_up_is_written_once_and_shared_by_both_jobs():
    text = WORKFLOWS[0].read_text()
    assert text.count("deb.nodesource.com/node_20.x") == 1 and text.count("git init") == 1
    test, publish = workflow()["jobs"]["test"], workflow()["jobs"]["publish"]
    assert publish["steps"][:2] == test["steps"][:2]
    assert "python3 python3-venv" in test["steps"][0]["run"]  # Debian's own Python, as the README says


def test_tests_each_change_once_and_publishes_on_a_version_tag():
    flow = workflow()
    assert set(flow["on"]) == {"push", "pull_request"}
    assert flow["on"]["push"] == {"branches": ["main"], "tags": ["v*"]}  # branches are tested through their PR
    test, publish = flow["jobs"]["test"], flow["jobs"]["publish"]
    assert test["steps"][-1]["run"].strip() == "make test"  # the README's test command
    assert publish["needs"] == "test" and publish["if"] == "startsWith(github.ref, 'refs/tags/v')"
    assert 'make publish VERSION="${GITHUB_REF_NAME#v}"' in publish["steps"][-2]["run"]
    assert "git -c http.extraheader=\"$auth\" push origin gh-pages" in publish["steps"][-1]["run"]


@pytest.mark.parametrize("owner, repository, address", [
    ("Alice", "gdfig", "https://alice.github.io/gdfig/"),
    ("alice", "lecture-notes", "https://alice.github.io/lecture-notes/"),
    ("Alice", "alice.github.io", "https://alice.github.io/"),
])
def test_the_publish_step_derives_the_address_from_the_repository(tmp_path, owner, repository, address):
    """The step's own script, run by bash with a `make` that records its arguments."""
    (tmp_path / "make").write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$RECORD"\n')
    (tmp_path / "make").chmod(0o755)
    script = workflow()["jobs"]["publish"]["steps"][-2]["run"]
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}", "RECORD": str(tmp_path / "args"),
           "OWNER": owner, "REPOSITORY": repository, "GITHUB_REF_NAME": "v1.2.0"}
    subprocess.run(["bash", "-c", script], env=env, check=True)
    assert (tmp_path / "args").read_text().split() == ["publish", "VERSION=1.2.0", f"SITE_URL={address}"]
