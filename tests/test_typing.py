"""The public API is typed: ``mypy --strict`` accepts a typed user script that calls it."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USER_SCRIPT = ROOT / "tests" / "typing_user.py"


def test_strict_user_code_type_checks(tmp_path):
    # mypy cannot follow the import hook of an editable install, so it is pointed at the
    # source tree; --follow-imports=silent checks jitarray as an installed typed package is
    # checked (its signatures are used, errors inside its own bodies are not the user's)
    env = dict(os.environ, MYPYPATH=str(ROOT))
    command = [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
               "--cache-dir", str(tmp_path / "mypy_cache"), str(USER_SCRIPT)]
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    output = result.stdout + result.stderr
    print(output)
    assert result.returncode == 0, output
    assert "Success: no issues found" in result.stdout
