"""The layout the README promises: roles in folders, nothing imported upward, no module using
another module's private names."""

import ast
import re
import pathlib

import pytest

HELPERS = pathlib.Path(__file__).resolve().parent.parent / "helpers"
# A package may import only from those before it in this list (and from itself).
LAYERS = ["core", "protocols", "pictures", "widgets", "teaching", "exercises"]
MODULES = sorted(p for p in HELPERS.rglob("*.py"))


def imports(path):
    """(module path inside helpers, imported names) for each relative import of `path`."""
    package = path.parent.relative_to(HELPERS).parts
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(package[:len(package) - node.level + 1])
            target = base + (node.module.split(".") if node.module else [])
            yield target, [a.name for a in node.names]


def test_every_module_sits_in_a_role_folder():
    loose = [p.name for p in HELPERS.glob("*.py") if p.name != "__init__.py"]
    assert not loose, f"modules outside the role folders: {loose}"
    assert {p.name for p in HELPERS.iterdir() if p.is_dir() and p.name != "__pycache__"} \
        == set(LAYERS)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(HELPERS)))
def test_no_private_name_of_another_module_is_imported(path):
    for target, names in imports(path):
        private = [n for n in names if n.startswith("_") and not n.startswith("__")]
        assert not private, f"{path.name} imports {private} from {'.'.join(target)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(HELPERS)))
def test_no_private_attribute_of_another_module_is_used(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = {a.asname or a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
               and node.level for a in node.names}
    used = [f"{n.value.id}.{n.attr}" for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name)
            and n.value.id in modules and n.attr.startswith("_") and not n.attr.startswith("__")]
    assert not used, f"{path.name} reaches into private names: {used}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(HELPERS)))
def test_nothing_imports_upward(path):
    parts = path.relative_to(HELPERS).parts
    if len(parts) < 2:
        return  # helpers/__init__.py: the public API, which names everything lazily
    mine = LAYERS.index(parts[0])
    for target, _ in imports(path):
        if target and target[0] in LAYERS:
            assert LAYERS.index(target[0]) <= mine, f"{path} imports upward from {target}"


IPYTHON_HOOK = re.compile(r"_repr_\w+_|_render_traceback_|_ipython_\w+_")  # IPython's protocols


def _private_names_defined(tree):
    """The private names a module defines itself: functions, classes, self._x = …"""
    defined = {n.name for n in ast.walk(tree)
               if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    defined |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)
                and isinstance(n.ctx, ast.Store)}
    defined |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)
                and isinstance(n.ctx, ast.Store)}
    return defined


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(HELPERS)))
def test_no_private_attribute_of_another_modules_object_is_used(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = _private_names_defined(tree)
    used = sorted({n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)
                   and n.attr.startswith("_") and not n.attr.startswith("__")
                   and n.attr not in own and not IPYTHON_HOOK.fullmatch(n.attr)})
    assert not used, f"{path.name} uses private attributes defined elsewhere: {used}"
