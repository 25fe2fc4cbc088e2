"""The toolchain layer against fake `go` commands: missing, hanging, garbage, failing."""

import asyncio
import os
import stat
import threading
import time
from pathlib import Path

import pytest
from support.processes import assert_gone, fake_go

from asm_ls.golang import toolchain
from asm_ls.golang.toolchain import (
    BadOutput,
    GoNotFound,
    ToolCancelled,
    ToolFailed,
    ToolTimeout,
    environment,
    find_go,
    go_env,
    go_flags,
    go_list,
    private_tempdir,
    run,
    run_async,
)


def hanging_go(tmp_path: Path) -> tuple[str, Path]:
    """A `go` that starts a grandchild and waits forever; it records the pid."""
    pidfile = tmp_path / "child.pid"
    return fake_go(
        tmp_path,
        f"""\
        sleep 300 &
        echo $! > {pidfile}
        wait
    """,
    ), pidfile


def wait_for(path: Path) -> None:
    for _ in range(200):
        if path.exists() and path.read_text().strip():
            return
        time.sleep(0.01)


def test_missing_go_at_explicit_path(tmp_path):
    with pytest.raises(GoNotFound, match="not found at"):
        find_go(str(tmp_path / "nonexistent" / "go"))


def test_missing_go_on_path(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GoNotFound, match="not found on PATH"):
        find_go()


def test_hanging_tool_is_killed_with_its_children(tmp_path):
    go, pidfile = hanging_go(tmp_path)
    started = time.monotonic()
    with pytest.raises(ToolTimeout, match=r"`go env` timed out after 0.5 s"):
        run([go, "env"], timeout=0.5)
    assert time.monotonic() - started < 5
    assert_gone(pidfile)


def test_cancelling_the_task_kills_the_tool(tmp_path):
    go, pidfile = hanging_go(tmp_path)

    async def scenario():
        task = asyncio.create_task(run_async([go, "env"], timeout=60))
        await asyncio.to_thread(wait_for, pidfile)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(scenario())
    assert_gone(pidfile)


def test_cancel_event_stops_a_sync_run(tmp_path):
    go, _ = hanging_go(tmp_path)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ToolCancelled):
        run([go, "env"], timeout=60, cancel=cancel)


def test_garbage_from_go_env_is_bad_output(tmp_path):
    go = fake_go(tmp_path, "echo 'this is { not json'\n")
    with pytest.raises(BadOutput, match="unexpected output") as info:
        go_env(go)
    assert "\n" not in str(info.value)


def test_failing_go_gives_one_line(tmp_path):
    go = fake_go(tmp_path, "echo 'go: something broke' >&2\necho more >&2\nexit 3\n")
    with pytest.raises(ToolFailed) as info:
        go_env(go)
    assert str(info.value) == "`go env` failed (exit 3): go: something broke"


def test_environment_is_minimal_and_pinned(monkeypatch):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    monkeypatch.setenv("GOFLAGS", "-tags=purego -mod=mod -toolexec=/bin/evil --modfile=alt.mod -overlay=o.json")
    monkeypatch.setenv("GOWORK", "off")
    env = environment(goos="linux", goarch="arm64", tmpdir="/t")
    assert "AWS_SECRET_ACCESS_KEY" not in env
    # Which files build and which go.mod count are the user's; -mod=mod and -toolexec are not kept.
    assert env["GOFLAGS"] == "-buildvcs=false -tags=purego -modfile=alt.mod"
    assert env["GOWORK"] == "off"
    assert (env["GOTOOLCHAIN"], env["GOPROXY"], env["CGO_ENABLED"]) == ("local", "off", "0")
    assert (env["GOOS"], env["GOARCH"], env["TMPDIR"]) == ("linux", "arm64", "/t")


@pytest.mark.parametrize(
    ("user", "kept"),
    [
        ("", "-buildvcs=false"),  # never empty: go would read GOFLAGS from its env file instead
        ("-mod=vendor", "-buildvcs=false -mod=vendor"),
        ("-mod=readonly -tags", "-buildvcs=false -mod=readonly"),  # -tags without a value is dropped
    ],
)
def test_go_flags_keep_the_safe_ones(user, kept):
    assert go_flags(user) == kept


def test_private_tempdir_is_0700_and_removed():
    with private_tempdir() as path:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o700
        Path(path, "f").write_text("x")
    assert not os.path.exists(path)


@pytest.mark.oracle
def test_go_env_of_the_real_toolchain(go_binary, goroot):
    env = go_env(go_binary)
    assert Path(env.goroot) == goroot
    assert env.goversion.startswith("go1.")
    assert os.path.isfile(env.tool("asm"))
    assert go_env(go_binary) is env  # cached


def test_go_list_reads_a_stream_and_rejects_garbage(tmp_path):
    env = toolchain.GoEnv(
        fake_go(
            tmp_path,
            """\
        echo '{"ImportPath": "a"}'
        echo '{"ImportPath": "b"}'
        [ "$4" = "bad" ] && echo '{"ImportPath": '
        true
    """,
        ),
        "/goroot",
        "/tooldir",
        "go1.99",
    )
    assert [p["ImportPath"] for p in go_list(env, "ImportPath", ["good"])] == ["a", "b"]
    with pytest.raises(BadOutput, match="not JSON"):
        go_list(env, "ImportPath", ["bad"])
