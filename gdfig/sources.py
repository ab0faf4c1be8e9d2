"""Which of gdfig's code can change an output's bytes, hashed as parsed code.

An output depends on its family's compute/draw code and on the renderer's
saving code (gdfig.produce, which holds the style).  Each is followed through
its imports, transitively and including imports inside functions, to every
gdfig module it can run.  A module counts by its syntax tree without
docstrings (ast.dump drops comments, formatting and line numbers), so editing
a comment or a docstring re-renders nothing; nor does editing the words a
FigureSpec(...) gives as title, caption or alt (no byte of an output holds them:
the manifest takes them from the registry at every render).

A family's own module counts only by the top-level code its compute, draw and
Params reach (a module may hold several families: the explorers' exports);
every other module counts whole.
"""

import ast
import hashlib
import json
from functools import lru_cache
from pathlib import Path

PACKAGE = "gdfig"
PACKAGE_DIR = Path(__file__).resolve().parent
SAVING_MODULE = "gdfig.produce"  # draws, lays out and saves every image: on every path


def module_path(module: str) -> Path | None:
    """gdfig.a.b -> gdfig/a/b.py (or gdfig/a/b/__init__.py); None outside gdfig."""
    return _module_path(module, PACKAGE_DIR)


@lru_cache(maxsize=None)
def _module_path(module: str, package_dir: Path) -> Path | None:
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    base = package_dir.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


TEXT_FIELDS = {"title", "caption", "alt"}  # a FigureSpec's words for people, in no output's bytes


@lru_cache(maxsize=None)
def parsed(module: str) -> ast.Module:
    """The module's syntax tree with every docstring, and every FigureSpec's title,
    caption and alt text, removed."""
    tree = ast.parse(module_path(module).read_bytes())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "FigureSpec":
            node.keywords = [k for k in node.keywords if k.arg not in TEXT_FIELDS]
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return tree


# Parsing is the slow part of a cached render: what a module's bytes give
# (its digest and imports) is remembered across runs, keyed by those bytes.
_memo: dict[str, dict] = {}
_memo_grew = False


def load_memo(path: Path) -> None:
    try:
        _memo.update(json.loads(path.read_bytes()))
    except (OSError, ValueError, TypeError):  # missing or damaged: parse again
        pass


def save_memo(path: Path, write) -> None:
    """Store the memo with `write(path, bytes)` if this run added to it."""
    if _memo_grew:
        write(path, json.dumps(_memo, sort_keys=True).encode())


def _remembered(kind: str, module: str, extra: str, work) -> tuple[str, list[str]]:
    """(digest, imports) of `work()` for this module's current bytes, from the memo if there."""
    global _memo_grew
    source = module_path(module).read_bytes()
    key = hashlib.sha256(f"{kind}\0{module}\0{extra}\0{_layout()}\0".encode() + source).hexdigest()
    entry = _memo.get(key)
    if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)
            and isinstance(entry[1], list)):
        entry = _memo[key] = list(work())
        _memo_grew = True
    return entry[0], entry[1]


@lru_cache(maxsize=None)
def _layout() -> str:
    """Every module of the package: whether `from a import b` names a module depends on it."""
    return ",".join(sorted(p.relative_to(PACKAGE_DIR).as_posix() for p in PACKAGE_DIR.rglob("*.py")))


@lru_cache(maxsize=None)
def facts(module: str) -> tuple[str, list[str]]:
    """(digest of the parsed code, gdfig modules imported anywhere in it)."""
    def work():
        tree = parsed(module)
        return hashlib.sha256(ast.dump(tree).encode()).hexdigest(), sorted(imported_by(tree, module))
    return _remembered("module", module, "", work)


def all_modules() -> frozenset[str]:
    return frozenset(".".join((PACKAGE, *Path(p).with_suffix("").parts)).removesuffix(".__init__")
                     for p in _layout().split(","))


def clear() -> None:
    """Forget what this process computed (the tests edit copies of the package)."""
    for function in (_module_path, parsed, _layout, facts, closure, saving_code, family_code):
        function.cache_clear()
    _memo.clear()


def _with_parents(module: str) -> set[str]:
    """gdfig.a.b -> {gdfig, gdfig.a, gdfig.a.b}: importing it runs each package's __init__."""
    parts = module.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts) + 1)}


def imported_by(node: ast.AST, module: str) -> set[str]:
    """The gdfig modules that `node` (anywhere inside it) imports."""
    found: set[str] = set()
    package = module if module_path(module).name == "__init__.py" else module.rpartition(".")[0]
    for child in ast.walk(node):
        if isinstance(child, ast.Import):
            found |= {alias.name for alias in child.names}
        elif isinstance(child, ast.ImportFrom):
            base = child.module or ""
            if child.level:
                anchor = package.rsplit(".", child.level - 1)[0] if child.level > 1 else package
                base = f"{anchor}.{base}".rstrip(".")
            for alias in child.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if module_path(sub) else base)
    ours = {name for name in found if module_path(name)}
    return set().union(*(_with_parents(name) for name in ours)) if ours else set()


@lru_cache(maxsize=None)
def closure(modules: frozenset[str]) -> frozenset[str]:
    """`modules` and every gdfig module they import, transitively."""
    seen: set[str] = set()
    todo = [m for m in modules if module_path(m)]
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(set(facts(module)[1]) - seen)
    return frozenset(seen)


def digest_modules(modules: frozenset[str]) -> str:
    digest = hashlib.sha256()
    for module in sorted(modules):
        digest.update(f"{module}\0{facts(module)[0]}\0".encode())
    return digest.hexdigest()


@lru_cache(maxsize=None)
def saving_code() -> str:
    """The hash of the renderer's saving code and the style, through their imports."""
    return digest_modules(closure(frozenset({SAVING_MODULE})))


@lru_cache(maxsize=None)
def family_code(module: str, roots: frozenset[str]) -> str:
    """The hash of the code a family's roots (compute, draw, Params) can run."""
    def work():
        kept, imports = _reached(parsed(module), module, roots)
        digest = hashlib.sha256("".join(ast.dump(statement) + "\0" for statement in kept).encode())
        return digest.hexdigest(), sorted(imports - {module})
    kept_digest, imports = _remembered("family", module, ",".join(sorted(roots)), work)
    return hashlib.sha256(f"{module}\0{kept_digest}\0{digest_modules(closure(frozenset(imports)))}".encode()).hexdigest()


def _reached(tree: ast.Module, module: str, roots: frozenset[str]) -> tuple[list[ast.stmt], set[str]]:
    """The top-level statements that `roots` reach by name, and the gdfig modules
    they import.  Statements that bind no name (calls, ifs) always count."""
    bindings: dict[str, list[ast.stmt]] = {}
    imports: dict[str, set[str]] = {}
    kept: list[ast.stmt] = []
    for statement in tree.body:
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            for alias in statement.names:
                bound = alias.asname or alias.name.split(".")[0]
                one = (ast.Import(names=[alias]) if isinstance(statement, ast.Import)
                       else ast.ImportFrom(module=statement.module, names=[alias], level=statement.level))
                imports.setdefault(bound, set()).update(imported_by(one, module))
        elif names := _bound_names(statement):
            for name in names:
                bindings.setdefault(name, []).append(statement)
        else:
            kept.append(statement)
    todo, seen, modules = [*roots, *(n for s in kept for n in _names(s))], set(), set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        modules |= imports.get(name, set())
        for statement in bindings.get(name, []):
            if statement not in kept:
                kept.append(statement)
                todo.extend(_names(statement))
    modules |= set().union(*(imported_by(s, module) for s in kept)) if kept else set()
    order = {id(s): i for i, s in enumerate(tree.body)}
    return sorted(kept, key=lambda s: order[id(s)]), modules


def _bound_names(statement: ast.stmt) -> set[str]:
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {statement.name}
    if isinstance(statement, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return set()


def _names(statement: ast.stmt) -> set[str]:
    return {n.id for n in ast.walk(statement) if isinstance(n, ast.Name)}


def code_of(functions: list) -> str:
    """The hash of the code that the given functions and classes can run."""
    by_module: dict[str, set[str]] = {}
    for function in functions:
        by_module.setdefault(function.__module__, set()).add(function.__qualname__.split(".")[0])
    return hashlib.sha256("".join(
        family_code(m, frozenset(names)) for m, names in sorted(by_module.items())).encode()).hexdigest()
