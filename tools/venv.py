"""Make a virtual environment with the exact versions of a constraints file, using the
interpreter that runs this script (the Makefile's PYTHON). Standard library only, and
written for old interpreters too: it runs before anything is installed, and its first
job is to refuse, in one sentence, a Python the project cannot use.

    python3 tools/venv.py .venv constraints.txt -e '.[test,site]'
    python3 tools/venv.py .venv-cffconvert constraints-cffconvert.txt cffconvert

The venv is reused only when this interpreter made it and its last install finished
(the stamp file): a venv from another Python, or one whose install failed half-way,
is made anew. Nothing is installed when the stamp is newer than the constraints and
pyproject.toml.

pip installs two things, each on its own: torch, from PyTorch's CPU wheel index beside
PyPI and the machine's pip configuration (its `+cpu` build sorts above PyPI's CUDA
build of the same version; where that index cannot be reached it costs one failed
look-up, and the local or PyPI wheel is used), and uv, the installer, at the version
the constraints pin. uv then installs everything else with the same constraints: it
downloads and unpacks in parallel, 5 s where pip took 35-50 s, and it leaves the
torch already there alone (it satisfies the pin).

Nothing is compiled to bytecode at install time (pip's `--no-compile`, uv's default):
compiling every file of torch and the Jupyter stack, most of which no command imports,
cost 20 s. Python compiles a module when it is first imported and keeps it (the
Makefile unexports PYTHONDONTWRITEBYTECODE for this).
"""

import os
import shutil
import subprocess
import sys
import tempfile

NEEDED = (3, 11)
STAMP = ".installed"
MADE_BY = ".python"  # the interpreter that made the venv, and its version
TORCH = "torch==2.13.0"
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
# An unreachable index: one try, two seconds (pip's default is five retries with back-off).
QUICK = ["--retries", "0", "--timeout", "2"]
PIP = ["-m", "pip", "--disable-pip-version-check", "--no-input"]
INSTALL = ["install", "--quiet", "--no-compile"]
UV = "uv"  # pinned in each constraints file, like everything it installs


class Refused(Exception):
    """Why the venv cannot be made, as one sentence naming the fix."""


def interpreter() -> str:
    return "{} {}".format(os.path.realpath(sys.executable), ".".join(map(str, sys.version_info[:3])))


def check_python() -> None:
    if sys.version_info[:2] < NEEDED:
        raise Refused("this is Python {}.{}.{} ({}), and gdfig needs Python {}.{} or newer; run make with "
                      "PYTHON=/path/to/python3.11 (Debian bookworm's /usr/bin/python3 is 3.11.2)".format(
                          *sys.version_info[:3], sys.executable, *NEEDED))
    try:
        import ensurepip  # noqa: F401  (Debian ships it apart, in python3-venv)
        import venv  # noqa: F401
    except ImportError:
        raise Refused("this Python ({}) cannot make a virtual environment: on Debian or Ubuntu install "
                      "it with `sudo apt-get install python3-venv`, then run make again".format(sys.executable))


def is_current(venv: str, inputs: list) -> bool:
    """The venv was made by this interpreter, its last install finished, and no input changed since."""
    stamp = os.path.join(venv, STAMP)
    if not os.path.exists(stamp) or read(os.path.join(venv, MADE_BY)) != interpreter():
        return False
    return all(os.path.getmtime(path) <= os.path.getmtime(stamp) for path in inputs if os.path.exists(path))


def read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as file:
            return file.read().strip()
    except OSError:
        return ""


def make_venv(venv: str) -> None:
    """A new venv, unless this interpreter made the one there and its last install finished."""
    reusable = os.path.exists(os.path.join(venv, STAMP)) and read(os.path.join(venv, MADE_BY)) == interpreter()
    if reusable:
        return
    if os.path.lexists(venv):
        print("{}: made by another Python or not finished; making it anew".format(venv), flush=True)
        shutil.rmtree(venv) if os.path.isdir(venv) and not os.path.islink(venv) else os.unlink(venv)
    run([sys.executable, "-m", "venv", venv], "making the virtual environment {}".format(venv))
    with open(os.path.join(venv, MADE_BY), "w", encoding="utf-8") as file:
        file.write(interpreter() + "\n")


def install(venv: str, constraints: str, requirements: list) -> None:
    python = os.path.join(venv, "bin", "python")
    if not pin(constraints, UV):  # said before anything is installed
        raise Refused("{} pins no version of uv, which installs the rest; add a line uv==X.Y.Z "
                      "to it".format(constraints))
    if pin(constraints, "torch") == TORCH:
        run([python, *PIP, *INSTALL, *QUICK, "--no-deps", "--extra-index-url", TORCH_CPU_INDEX,
             "-c", constraints, TORCH], "installing torch (the CPU build)")
    run([python, *PIP, *INSTALL, "--no-deps", "-c", constraints, UV], "installing uv")
    # The system's certificates, as pip takes them: a network that inspects TLS adds its own there.
    run([os.path.join(venv, "bin", UV), "pip", "install", "--quiet", "--system-certs", "--python", python,
         "-c", constraints, *requirements],
        "installing {} with the versions of {}".format(" ".join(requirements), constraints))


def pin(constraints: str, name: str) -> str:
    """The line of the constraints file that pins `name` ("name==X"), or "" when none does."""
    return next((line.strip() for line in read(constraints).splitlines() if line.strip().startswith(name + "==")), "")


def run(command: list, what: str) -> None:
    """Run a set-up command; its output is shown only when it fails (with the cause pip gives)."""
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as log:
        code = subprocess.call(command, stdout=log, stderr=subprocess.STDOUT)
        if code != 0:
            log.seek(0)
            sys.stderr.write(log.read()[-6000:])
            raise Refused("{} failed (above: the last lines it printed); fix the cause and run make again, "
                          "which makes the environment anew".format(what))


def main(argv: list) -> int:
    if len(argv) < 3:
        print("usage: python3 tools/venv.py VENV CONSTRAINTS REQUIREMENT...", file=sys.stderr)
        return 2
    venv, constraints, requirements = argv[0], argv[1], argv[2:]
    inputs = [constraints, "pyproject.toml"]
    try:
        check_python()
        if is_current(venv, inputs):
            return 0
        make_venv(venv)
        stamp = os.path.join(venv, STAMP)
        if os.path.exists(stamp):
            os.unlink(stamp)  # a failed install below leaves no stamp: the next run starts afresh
        print("{}: installing the exact versions of {} (some seconds; longer when the downloads are not "
              "cached yet)".format(venv, constraints), flush=True)
        install(venv, constraints, requirements)
        open(stamp, "w").close()
    except Refused as reason:
        print("make: {}".format(reason), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("make: interrupted; the next run makes {} anew".format(venv), file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
