"""`python -m gdfig ARGS` in a process of its own, forked from one that has already
imported what a render needs.

A render in a new interpreter spends 1.3 s of CPU importing torch and 0.5 s
importing matplotlib before it computes anything, and the engine tests start some
forty of them.  So one process per test run imports gdfig, torch and matplotlib
once and forks a child for each command: a process of its own (its own pid,
working folder, standard streams, exit status), running gdfig.cli.main exactly as
`python -m gdfig` does.  What only a new interpreter shows (environment variables
read on import, a matplotlibrc in the working folder, which modules a cached run
imports) is tested with real subprocesses."""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).parents[1]

# The forking process: one JSON request per line on stdin, one exit status per line on stdout.
SERVER = r"""
import json, os, sys, traceback
import torch, matplotlib  # what a render imports, once
from gdfig import cli, produce, registry  # noqa: F401

for line in sys.stdin:
    request = json.loads(line)
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        try:
            for fd, path in ((1, request["stdout"]), (2, request["stderr"])):
                os.dup2(os.open(path, os.O_WRONLY | os.O_TRUNC), fd)
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
            os.chdir(request["cwd"])
            sys.argv = [os.path.join(os.path.dirname(cli.__file__), "__main__.py"), *request["args"]]
            code = cli.main(request["args"])
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except Exception:
                    pass
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    print(json.dumps(os.waitstatus_to_exitcode(status)), flush=True)
"""


class Launcher:
    def __init__(self):
        self.server = subprocess.Popen([sys.executable, "-c", SERVER], cwd=ROOT, stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, text=True)

    def run(self, args: tuple[str, ...], cwd: Path | None) -> subprocess.CompletedProcess:
        with tempfile.TemporaryDirectory(prefix="gdfig-run-") as folder:
            out, err = Path(folder, "stdout"), Path(folder, "stderr")
            out.touch()
            err.touch()
            request = {"args": list(args), "cwd": str(cwd or Path.cwd()), "stdout": str(out), "stderr": str(err)}
            self.server.stdin.write(json.dumps(request) + "\n")
            self.server.stdin.flush()
            answer = self.server.stdout.readline()
            if not answer:
                raise RuntimeError("the gdfig launcher died")
            return subprocess.CompletedProcess([sys.executable, "-m", "gdfig", *args], json.loads(answer),
                                               out.read_text(), err.read_text())

    def close(self) -> None:
        self.server.stdin.close()
        self.server.wait(timeout=30)
