"""Where an imported package's source is, as the go command finds it:
go.work's modules (GOWORK, or the nearest go.work; a missing `use`
directory left out), `replace` to a local directory, the workspace's
vendor/, the standard library; go.work and go.mod read leniently."""

from __future__ import annotations

from pathlib import Path

import pytest

from asm_ls.golang.locate import ImportNotFound, find_workspace, import_directory


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    """A go.work using two modules (and one missing), a replace to a local directory, a vendor tree."""
    monkeypatch.delenv("GOWORK", raising=False)
    root = tmp_path / "ws"
    write(root / "go.work", "go 1.22\n\nuse (\n\t./app\n\t./lib // the library\n\t./gone\n)\n")
    write(root / "app" / "go.mod", "module example.com/app\n\ngo 1.22\n\nreplace example.com/local => ../local\n")
    write(root / "app" / "main.go", "package app\n")
    write(root / "lib" / "go.mod", "module example.com/lib\n\ngo 1.22\n")
    write(root / "lib" / "sub" / "s.go", "package sub\n")
    write(root / "local" / "l.go", "package local\n")
    write(root / "vendor" / "example.com" / "vendored" / "v.go", "package vendored\n")
    return root


def test_imports_resolve_through_the_workspace(workspace):
    app = workspace / "app"
    assert import_directory("example.com/lib/sub", app) == workspace / "lib" / "sub"
    assert import_directory("example.com/local", app) == (workspace / "local").resolve()
    assert import_directory("example.com/vendored", app) == workspace / "vendor" / "example.com" / "vendored"
    work = find_workspace(app)
    assert work is not None and work.missing == ("./gone",)


def test_gowork_off_and_gowork_path_choose_as_the_go_command_does(workspace, monkeypatch, tmp_path):
    app = workspace / "app"
    monkeypatch.setenv("GOWORK", "off")
    assert find_workspace(app) is None
    with pytest.raises(ImportNotFound, match="not required"):
        import_directory("example.com/lib/sub", app)
    monkeypatch.setenv("GOWORK", str(workspace / "go.work"))
    assert find_workspace(tmp_path) is not None and find_workspace(tmp_path).path == workspace / "go.work"


def test_garbage_go_work_is_read_leniently(workspace):
    (workspace / "go.work").write_bytes(b"\xff\xfe use (\x00 ./app\n")
    found = find_workspace(workspace / "app")
    assert found is not None and found.modules == ()
    assert import_directory("unicode/utf8", workspace / "app").name == "utf8"  # the standard library still resolves
