"""What `pip install .` installs: the package's data files (arch tables,
instruction data, the bundled headers, the grammar) travel with the code;
an editable install would hide a missing one."""

import shutil
import subprocess
import sys
import zipfile

from support.paths import REPO


def test_the_wheel_carries_every_data_file(tmp_path):
    source = tmp_path / "source"  # built from a copy: the build leaves build/ behind
    shutil.copytree(
        REPO,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "node_modules", "editors", "tests", "fuzz", "bench", "*.egg-info", "__pycache__"
        ),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(source)],
        check=True,
        timeout=600,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("asm_ls-*.whl")
    packaged = set(zipfile.ZipFile(wheel).namelist())
    data = {
        str(p.relative_to(REPO))
        for p in (REPO / "asm_ls").rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    }
    assert data and data <= packaged, sorted(data - packaged)
