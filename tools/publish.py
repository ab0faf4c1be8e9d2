"""`make publish VERSION=X`: version X of the site, committed with mike to the local
gh-pages branch at X/, with the alias `latest` moved to it when X is the newest
version and the root (index.html) leading to `latest`.

X must be CITATION.cff's version (the one version number), must not be published
already (unless --force), and the working tree must hold exactly the commit: no
uncommitted change and no file git does not track (an untracked page would be
published under a commit that lacks it), since the built pages name that commit. The site is built
as `make site` builds it (ProperDocs, then the handout, slides and figure bundle),
and mike, used as a library, commits what was built: the PDFs and the zip are part
of the version. --push pushes gh-pages to origin.

    python -m tools.publish X [--push] [--force]      # SITE_URL=... for a fork's address
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from packaging.version import InvalidVersion, Version

from tools.site import ROOT

BRANCH = "gh-pages"
LATEST = "latest"  # the alias docs/hooks/citation.py names as the moving address


class Refused(Exception):
    """A reason not to publish, as one sentence naming the fix."""


def git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)


def published_versions() -> list[str]:
    """The versions on the local gh-pages branch (its versions.json), [] before the first."""
    listing = git("show", f"{BRANCH}:versions.json")
    if listing.returncode != 0:
        return []
    try:
        return [str(entry["version"]) for entry in json.loads(listing.stdout)]
    except (ValueError, TypeError, KeyError):
        raise Refused(f"versions.json on {BRANCH} is not mike's list of versions; repair it there "
                      f"(`git show {BRANCH}:versions.json`) or remove it, then publish again")


def untracked_inputs() -> list[str]:
    """Files in the tree that git does not track and does not ignore, plus ignored ones
    among the pages and the theme (bytecode aside): a build would publish them."""
    lines = git("status", "--porcelain", "--untracked-files=all").stdout.splitlines()
    lines += git("status", "--porcelain", "--ignored", "--untracked-files=all", "--", "docs", "overrides",
                 "mkdocs.yml").stdout.splitlines()
    paths = {line[3:] for line in lines if line[:2] in ("??", "!!")}
    return sorted(path for path in paths if "__pycache__/" not in path)


def check(version: str, force: bool) -> None:
    """Refuse a version that is not CITATION.cff's, already published, or from a dirty tree."""
    declared = str(yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))["version"])
    if not version:
        raise Refused(f"no version given; run `make publish VERSION={declared}` (CITATION.cff's version)")
    if version != declared:
        raise Refused(f"VERSION={version} is not CITATION.cff's version {declared}; bump `version` in "
                      f"CITATION.cff (and pyproject.toml), commit, tag v{version}, then publish")
    if version in published_versions() and not force:
        raise Refused(f"version {version} is already published on {BRANCH}; bump the version, "
                      f"or give FORCE=1 to replace it")
    if git("status", "--porcelain", "--untracked-files=no").stdout.strip():
        raise Refused("the working tree has uncommitted changes; commit them first, "
                      "so that the published pages name the commit they were built from")
    if untracked := untracked_inputs():
        shown = ", ".join(untracked[:3]) + (f" and {len(untracked) - 3} more" if len(untracked) > 3 else "")
        raise Refused(f"the working tree has files git does not track ({shown}); commit or remove them, "
                      f"so that the published pages hold exactly the commit they name")


def build(site: Path) -> None:
    """The site into `site` as `make site` builds it (tools.build): the pages, then the
    handout, slides and figure bundle beside them (every page links them)."""
    result = subprocess.run([sys.executable, "-m", "tools.build", str(site)], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "GDFIG_VERSIONS": "1"})  # material's version selector: on
    if result.returncode != 0:
        raise Refused(f"the build failed, nothing was published:\n{result.stderr.strip()}")


def is_newest(version: str, others: list[str]) -> bool:
    try:
        return all(Version(version) >= Version(other) for other in others)
    except InvalidVersion:
        raise Refused(f"version {version!r} is not a version number like 1.2.0; fix it in CITATION.cff")


def deploy(version: str) -> None:
    from mike import commands, git_utils

    aliases = [LATEST] if is_newest(version, published_versions()) else []
    commit = git("rev-parse", "--short", "HEAD").stdout.strip()
    try:
        with tempfile.TemporaryDirectory(prefix="gdfig-publish-") as site:
            with commands.deploy({"site_dir": site, "use_directory_urls": True}, version, aliases=aliases,
                                 update_aliases=True, branch=BRANCH, message=f"Publish {version} (commit {commit})"):
                build(Path(site))
        if git("cat-file", "-e", f"{BRANCH}:index.html").returncode != 0:
            commands.set_default(LATEST, branch=BRANCH, message=f"The root leads to {LATEST}")
    except git_utils.GitEmptyCommit:
        print(f"version {version} on {BRANCH} already holds exactly this build; nothing to commit")
    except git_utils.GitError as error:
        raise Refused(f"git could not commit to {BRANCH} ({error}); check `git config user.name` and user.email")


def main(argv: list[str]) -> int:
    version, push, force = (argv[0] if argv else ""), "--push" in argv, "--force" in argv
    try:
        check(version, force)
        deploy(version)
        if push and (result := git("push", "origin", BRANCH)).returncode != 0:
            raise Refused(f"version {version} is on the local {BRANCH} but the push failed: {result.stderr.strip()}")
    except Refused as reason:
        print(f"publish: {reason}", file=sys.stderr)
        return 2
    print(f"published {version} on {BRANCH}" + (" and pushed it" if push else " (not pushed; PUSH=1 pushes)"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
