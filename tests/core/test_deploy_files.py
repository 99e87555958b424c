"""The deployment files agree with the pinned requirements and keep the health check and no file watcher."""
import re

from core.paths import PROJECT_ROOT


def pins(path):
    out = {}
    for line in (PROJECT_ROOT / path).read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s+]+)", line.strip())
        if m:
            out[m.group(1).lower()] = m.group(2)
    return out


def test_cpu_requirements_pin_the_same_versions():
    main, cpu = pins("requirements.txt"), pins("deploy/requirements-cpu.txt")
    assert main == cpu


def test_every_requirement_is_pinned():
    for path in ("requirements.txt", "requirements-dev.txt"):
        for line in (PROJECT_ROOT / path).read_text().splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                assert "==" in line, f"{path}: {line} is not pinned"


def test_dockerfile_health_check_and_no_watcher():
    text = (PROJECT_ROOT / "Dockerfile").read_text()
    assert "HEALTHCHECK" in text and "/_stcore/health" in text
    assert "fileWatcherType=none" in text and "requirements-cpu.txt" in text
