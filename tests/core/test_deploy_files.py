"""The deployment files agree with the pinned requirements and keep the health check and no file watcher; the
multi-replica recipe (deploy/compose.yaml) has the shape deploy/README.md describes."""
import json
import re
from pathlib import Path

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


# --- deploy/compose.yaml: replicas behind a sticky balancer, one read-only volume of prepared checkpoints ------------
# Nothing here runs Docker (the development machine has no daemon): these check the file's structure, and that the
# paths it names are the ones the app's own settings (core/paths.py) resolve.

def _compose() -> dict:
    import yaml

    return yaml.safe_load((PROJECT_ROOT / "deploy" / "compose.yaml").read_text())


def _mounts(service: dict) -> list[dict]:
    """Volume mounts as {type, source, target, read_only}, from the long or the short syntax."""
    out = []
    for v in service.get("volumes", []):
        if isinstance(v, str):
            parts = v.split(":")
            out.append({"type": "volume" if not parts[0].startswith(("/", ".", "~")) else "bind", "source": parts[0],
                        "target": parts[1], "read_only": len(parts) > 2 and "ro" in parts[2].split(",")})
        else:
            out.append({"type": v.get("type", "volume"), "source": v.get("source"), "target": v["target"],
                        "read_only": bool(v.get("read_only", False))})
    return out


def _labels(service: dict) -> dict[str, str]:
    labels = service.get("labels", {})
    if isinstance(labels, list):
        labels = dict(item.split("=", 1) for item in labels)
    return {k: str(v) for k, v in labels.items()}


def _env(service: dict) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def _dockerfile_cmd() -> list[str]:
    line = next(x for x in (PROJECT_ROOT / "Dockerfile").read_text().splitlines() if x.startswith("CMD "))
    return json.loads(line[4:])


def test_app_runs_several_replicas_that_can_be_scaled():
    app = _compose()["services"]["app"]
    assert int(app["deploy"]["replicas"]) > 1
    assert "container_name" not in app and "ports" not in app  # either would stop `--scale app=N`


def test_each_replica_gets_two_cpus_and_2_5_gb():
    limits = _compose()["services"]["app"]["deploy"]["resources"]["limits"]
    assert float(limits["cpus"]) == 2
    m = re.fullmatch(r"([0-9.]+)\s*([kmg]?)i?b?", str(limits["memory"]).lower())
    assert m, limits["memory"]
    assert float(m.group(1)) * 1024 ** " kmg".index(m.group(2) or " ") == 2.5 * 1024**3


def test_the_balancer_keeps_a_visitor_on_one_replica_with_a_cookie():
    services = _compose()["services"]
    labels = _labels(services["app"])
    assert labels.get("traefik.enable") == "true"
    routers = {k.split(".")[3] for k in labels if k.startswith("traefik.http.routers.")}
    assert len(routers) == 1
    router = routers.pop()
    service = labels.get(f"traefik.http.routers.{router}.service", router)
    prefix = f"traefik.http.services.{service}.loadbalancer"
    assert labels.get(f"{prefix}.sticky.cookie") == "true" or any(k.startswith(f"{prefix}.sticky.cookie.")
                                                                    for k in labels)
    assert labels.get(f"{prefix}.sticky.cookie.secure", "false") == "false"  # served over plain HTTP here
    port = next(a.split("=")[1] for a in _dockerfile_cmd() if a.startswith("--server.port="))
    assert labels[f"{prefix}.server.port"] == port
    balancer = services["balancer"]
    image, _, tag = balancer["image"].partition(":")
    assert image == "traefik" and re.fullmatch(r"v3\.\d+\.\d+", tag), "a pinned Traefik v3 release"
    command = balancer["command"]
    assert "--providers.docker=true" in command and "--providers.docker.exposedbydefault=false" in command
    assert {"type": "bind", "source": "/var/run/docker.sock", "target": "/var/run/docker.sock",
            "read_only": True} in _mounts(balancer)


def test_the_checkpoint_volume_is_written_by_prepare_and_read_only_in_the_app(monkeypatch):
    from core.checkpoints import checkpoint_dir
    from core.paths import cache_dir, prepared_dir

    doc = _compose()
    prepare, app = doc["services"]["prepare"], doc["services"]["app"]
    assert "core.prepare" in " ".join(prepare["command"])
    shared = [m for m in _mounts(prepare) if m["type"] == "volume"]
    assert len(shared) == 1 and not shared[0]["read_only"] and shared[0]["source"] in doc["volumes"]
    in_app = [m for m in _mounts(app) if m["source"] == shared[0]["source"]]
    assert len(in_app) == 1 and in_app[0]["read_only"]
    # The paths each container's settings resolve to, as core/paths.py reads them:
    for name, value in _env(prepare).items():
        monkeypatch.setenv(name, value)
    written = checkpoint_dir(cache_dir())
    for name in ("DLCC_CACHE_DIR", "DLCC_PREPARED_DIR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in _env(app).items():
        monkeypatch.setenv(name, value)
    target = Path(in_app[0]["target"]).resolve()  # resolved as core/paths.py does (a /tmp may be a symlink)
    assert prepared_dir() == target and cache_dir() == Path(_env(app)["DLCC_CACHE_DIR"]).resolve()
    assert written == checkpoint_dir(prepared_dir())  # the app reads where prepare wrote, at the same path
    assert written.is_relative_to(Path(shared[0]["target"]).resolve())
    assert not cache_dir().is_relative_to(prepared_dir())  # the replica's own cache is writable, elsewhere


def test_the_app_starts_only_after_prepare_completed():
    services = _compose()["services"]
    assert services["app"]["depends_on"]["prepare"]["condition"] == "service_completed_successfully"
    assert services["prepare"].get("restart", "no") == "no"  # a one-shot job


def test_only_the_balancer_publishes_a_port():
    services = _compose()["services"]
    assert [name for name, s in services.items() if s.get("ports")] == ["balancer"]
    assert all("network_mode" not in s for s in services.values())  # host networking would publish every port


def test_the_app_keeps_the_dockerfiles_address_port_and_health_check():
    app = _compose()["services"]["app"]
    build = app["build"]
    assert (PROJECT_ROOT / "deploy" / build["context"] / build.get("dockerfile", "Dockerfile")).resolve() == (
        PROJECT_ROOT / "Dockerfile")
    command = app.get("command") or _dockerfile_cmd()
    assert "--server.address=0.0.0.0" in command  # reachable from the balancer inside the container network
    health = app.get("healthcheck", {})
    assert not health.get("disable") and "test" not in health  # the Dockerfile's HEALTHCHECK stays in force
    assert "HEALTHCHECK" in (PROJECT_ROOT / "Dockerfile").read_text()
