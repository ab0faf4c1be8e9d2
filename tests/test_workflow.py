"""The GitHub workflow cannot run here, so it is checked offline: GitHub's workflow
schema (check-jsonschema's built-in copy), zizmor's audits, the shape the README
promises, and the address its publish step derives for a fork."""

import json
import os
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


def test_every_step_is_a_run_in_debian_bookworm_with_least_permissions():
    flow = workflow()
    assert flow["permissions"] == {}
    for name, job in flow["jobs"].items():
        assert job["container"] == "debian:bookworm", name
        assert all("run" in step and "uses" not in step for step in job["steps"]), name
        assert "${{" not in "".join(step["run"] for step in job["steps"]), f"{name}: expressions go through env"
    test, publish = flow["jobs"]["test"], flow["jobs"]["publish"]
    assert test["permissions"] == {"contents": "read"} and publish["permissions"] == {"contents": "write"}


def test_tests_on_push_and_pull_request_and_publishes_on_a_version_tag():
    flow = workflow()
    assert set(flow["on"]) == {"push", "pull_request"} and flow["on"]["push"]["tags"] == ["v*"]
    test, publish = flow["jobs"]["test"], flow["jobs"]["publish"]
    assert test["steps"][-1]["run"].strip() == "make test"  # the README's test command
    assert publish["needs"] == "test" and publish["if"] == "startsWith(github.ref, 'refs/tags/v')"
    assert 'make publish VERSION="${GITHUB_REF_NAME#v}"' in publish["steps"][-1]["run"]


@pytest.mark.parametrize("owner, repository, address", [
    ("Alice", "gdfig", "https://alice.github.io/gdfig/"),
    ("alice", "lecture-notes", "https://alice.github.io/lecture-notes/"),
    ("Alice", "alice.github.io", "https://alice.github.io/"),
])
def test_the_publish_step_derives_the_address_from_the_repository(tmp_path, owner, repository, address):
    """The step's own script, run by bash with a `make` that records its arguments."""
    (tmp_path / "make").write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$RECORD"\n')
    (tmp_path / "make").chmod(0o755)
    script = workflow()["jobs"]["publish"]["steps"][-1]["run"]
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}", "RECORD": str(tmp_path / "args"),
           "OWNER": owner, "REPOSITORY": repository, "GITHUB_REF_NAME": "v1.2.0"}
    subprocess.run(["bash", "-c", script], env=env, check=True)
    assert (tmp_path / "args").read_text().split() == ["publish", "VERSION=1.2.0", f"SITE_URL={address}", "PUSH=1"]
