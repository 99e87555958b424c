"""The checkpoint cache: keyed by name (with the training code's version) and every config field, bounded in size."""
import dataclasses
import os
import time
from pathlib import Path

import pytest
import torch

import core
from core import checkpoints
from core.modules import iter_modules
from core.neurons.collapse import CollapseConfig


def test_roundtrip_is_keyed_by_config(tmp_path):
    a, b = CollapseConfig(seed=1), CollapseConfig(seed=2)
    payload = {"state": {"w": torch.arange(4.0)}, "history": [0.5, 0.25], "steps": 3}
    path = checkpoints.save("demo.v1", a, payload, root=tmp_path)
    assert path.exists() and not list(path.parent.glob("*.tmp"))
    loaded = checkpoints.load("demo.v1", a, root=tmp_path)
    assert torch.equal(loaded["state"]["w"], torch.arange(4.0)) and loaded["history"] == [0.5, 0.25]
    assert checkpoints.load("demo.v1", b, root=tmp_path) is None
    assert checkpoints.load("demo.v2", a, root=tmp_path) is None  # a new code version does not see the old model
    path.write_bytes(b"not a checkpoint")
    assert checkpoints.load("demo.v1", a, root=tmp_path) is None


def test_refuses_pickled_code(tmp_path):
    path = checkpoints.checkpoint_path("evil.v1", CollapseConfig(), root=tmp_path)
    path.parent.mkdir(parents=True)
    torch.save({"x": Path("/")}, path)  # an arbitrary object: weights_only must refuse it
    assert checkpoints.load("evil.v1", CollapseConfig(), root=tmp_path) is None


@pytest.mark.parametrize("name", ["boundary", "boundary.v", "boundary.V2", "boundary.v2.final", "../x.v1", "a b.v1",
                                  "", "Boundary.v1", "boundary-v2"])
def test_a_name_without_a_code_version_is_refused(tmp_path, name):
    for call in (lambda: checkpoints.save(name, CollapseConfig(), {"x": 1}, root=tmp_path),
                 lambda: checkpoints.load(name, CollapseConfig(), root=tmp_path),
                 lambda: checkpoints.prepare_job("label", name, CollapseConfig(), lambda c, d: None)):
        with pytest.raises(ValueError, match="v<N>"):
            call()
    assert not (tmp_path / "checkpoints").exists() or not list((tmp_path / "checkpoints").iterdir())


@pytest.mark.parametrize("name", ["boundary.v2", "boundary_compare.v2", "mnist.fast_cnn.v1", "gan.v12"])
def test_versioned_names_are_accepted(name):
    assert checkpoints.check_name(name) == name


def test_every_page_checkpoint_name_is_versioned():
    from core.boundaries.compare import COMPARE_CHECKPOINT_NAME
    from core.boundaries.trainer import CHECKPOINT_NAME

    assert CHECKPOINT_NAME == "boundary.v2" and COMPARE_CHECKPOINT_NAME == "boundary_compare.v2"


def _fill(tmp_path, n, size=1000):
    paths = []
    for i in range(n):
        path = checkpoints.save("fill.v1", {"i": i}, {"blob": torch.zeros(size // 4, dtype=torch.float32)},
                                root=tmp_path)
        os.utime(path, (time.time() - 1000 + i, time.time() - 1000 + i))  # file i is older than file i + 1
        paths.append(path)
    return paths


def test_cache_keeps_at_most_the_configured_number_of_files_oldest_out(tmp_path, monkeypatch):
    monkeypatch.setenv("DLCC_CACHE_MAX_FILES", "3")
    paths = _fill(tmp_path, 3)
    newest = checkpoints.save("fill.v1", {"i": "new"}, {"x": 1}, root=tmp_path)
    left = sorted(p.name for p in (tmp_path / "checkpoints").glob("*.pt"))
    assert left == sorted([paths[1].name, paths[2].name, newest.name])  # the oldest went


def test_a_loaded_checkpoint_counts_as_recently_used(tmp_path, monkeypatch):
    monkeypatch.setenv("DLCC_CACHE_MAX_FILES", "3")
    paths = _fill(tmp_path, 3)
    assert checkpoints.load("fill.v1", {"i": 0}, root=tmp_path) is not None  # the oldest, used again
    checkpoints.save("fill.v1", {"i": "new"}, {"x": 1}, root=tmp_path)
    assert paths[0].exists() and not paths[1].exists()


def test_cache_size_limit_never_evicts_the_file_just_written(tmp_path, monkeypatch):
    paths = _fill(tmp_path, 3, size=1000)
    total = sum(p.stat().st_size for p in paths)
    monkeypatch.setenv("DLCC_CACHE_MAX_MB", str(total / 2**20))  # exactly what is there: all three fit
    checkpoints.prune(tmp_path / "checkpoints")
    assert all(p.exists() for p in paths)
    big = checkpoints.save("fill.v1", {"i": "big"}, {"blob": torch.zeros(4 * total)}, root=tmp_path)  # over the limit
    assert big.exists() and not any(p.exists() for p in paths)
    assert checkpoints.load("fill.v1", {"i": "big"}, root=tmp_path) is not None


def test_limits_read_their_settings(monkeypatch):
    monkeypatch.delenv("DLCC_CACHE_MAX_MB", raising=False)
    monkeypatch.delenv("DLCC_CACHE_MAX_FILES", raising=False)
    assert checkpoints.limits() == (int(checkpoints.DEFAULT_MAX_MB * 2**20), checkpoints.DEFAULT_MAX_FILES)
    monkeypatch.setenv("DLCC_CACHE_MAX_MB", "2")
    monkeypatch.setenv("DLCC_CACHE_MAX_FILES", "not a number")
    assert checkpoints.limits() == (2 * 2**20, checkpoints.DEFAULT_MAX_FILES)


# --- a read-only layer of prepared checkpoints (DLCC_PREPARED_DIR), as a deployment's replicas share it ------------

def _snapshot(folder: Path) -> dict:
    """Every file and folder under `folder` with its size, time stamp and bytes: any write shows (even as root)."""
    return {str(p.relative_to(folder)): (p.is_dir(), p.stat().st_mtime_ns,
                                         None if p.is_dir() else p.read_bytes()) for p in folder.rglob("*")}


@pytest.fixture
def prepared(tmp_path, monkeypatch):
    """A prepared folder with two checkpoints, made read-only and named by DLCC_PREPARED_DIR; yields (folder, snapshot
    before). Tests run as root in CI, where chmod stops nothing: the snapshot is what proves nothing was written."""
    folder = tmp_path / "prepared"
    for seed in (1, 2):
        checkpoints.save("demo.v1", CollapseConfig(seed=seed), {"w": torch.full((3,), float(seed))}, root=folder)
    old = time.time() - 3600  # an hour old: a utime (as load does to mark a cache file used) would change it
    for path in folder.rglob("*.pt"):
        os.utime(path, (old, old))
    paths = [folder, folder / "checkpoints", *folder.rglob("*.pt")]
    for path in reversed(paths):
        path.chmod(0o444 if path.is_file() else 0o555)
    monkeypatch.setenv("DLCC_PREPARED_DIR", str(folder))
    yield folder, _snapshot(folder)
    for path in paths:
        path.chmod(0o755)


def test_a_checkpoint_only_in_the_read_only_prepared_dir_loads(prepared, tmp_path):
    folder, before = prepared
    cache = tmp_path / "cache"  # DLCC_CACHE_DIR (tests/conftest.py): empty
    for seed in (1, 2):
        loaded = checkpoints.load("demo.v1", CollapseConfig(seed=seed))
        assert loaded is not None and torch.equal(loaded["w"], torch.full((3,), float(seed)))
    assert checkpoints.load("demo.v1", CollapseConfig(seed=3)) is None
    assert checkpoints.load("demo.v2", CollapseConfig(seed=1)) is None  # the code version still counts
    assert _snapshot(folder) == before and not cache.exists()  # read in place: nothing copied, nothing touched


def test_a_save_lands_in_the_writable_cache_and_the_prepared_dir_is_unchanged(prepared, tmp_path, monkeypatch):
    folder, before = prepared
    monkeypatch.setenv("DLCC_CACHE_MAX_FILES", "1")  # evictions after every save: they must stay in the cache
    retrained = checkpoints.save("demo.v1", CollapseConfig(seed=1), {"w": torch.zeros(3)})
    assert retrained.parent == (tmp_path / "cache" / "checkpoints").resolve()
    assert torch.equal(checkpoints.load("demo.v1", CollapseConfig(seed=1))["w"], torch.zeros(3))  # the cache first
    checkpoints.save("demo.v1", CollapseConfig(seed=5), {"w": torch.ones(3)})  # evicts the cache's seed=1
    assert not retrained.exists()
    assert torch.equal(checkpoints.load("demo.v1", CollapseConfig(seed=1))["w"], torch.ones(3))  # the prepared one
    checkpoints.prune(tmp_path / "cache" / "checkpoints", max_files=0)
    assert _snapshot(folder) == before


def test_a_corrupt_file_in_the_prepared_dir_counts_as_missing(tmp_path, monkeypatch):
    folder = tmp_path / "prepared"
    good = checkpoints.save("demo.v1", CollapseConfig(seed=1), {"w": torch.ones(2)}, root=folder)
    bad = checkpoints.checkpoint_path("demo.v1", CollapseConfig(seed=2), root=folder)
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])  # truncated
    evil = checkpoints.checkpoint_path("demo.v1", CollapseConfig(seed=3), root=folder)
    torch.save({"x": Path("/")}, evil)  # not weights: weights_only refuses it
    monkeypatch.setenv("DLCC_PREPARED_DIR", str(folder))
    before = _snapshot(folder)
    assert checkpoints.load("demo.v1", CollapseConfig(seed=2)) is None
    assert checkpoints.load("demo.v1", CollapseConfig(seed=3)) is None
    # a corrupt file in the cache falls through to the prepared one, and is replaced by the next save
    cache_copy = checkpoints.checkpoint_path("demo.v1", CollapseConfig(seed=1))
    cache_copy.parent.mkdir(parents=True)
    cache_copy.write_bytes(b"not a checkpoint")
    assert torch.equal(checkpoints.load("demo.v1", CollapseConfig(seed=1))["w"], torch.ones(2))
    assert _snapshot(folder) == before


@pytest.mark.parametrize("name", ["../x.v1", "../../x.v1", "..", "/x.v1", "x.v1/../../y.v1", "boundary", "X.v1"])
def test_hostile_names_are_refused_for_the_prepared_dir_too(prepared, tmp_path, name):
    folder, before = prepared
    cfg = CollapseConfig(seed=1)
    key = checkpoints.config_key(cfg)
    for planted in (folder / f"x.v1-{key}.pt", tmp_path / f"x.v1-{key}.pt"):  # where "../x.v1" would lead
        planted.parent.chmod(0o755)
        torch.save({"planted": torch.ones(1)}, planted)
    for call in (lambda: checkpoints.load(name, cfg), lambda: checkpoints.load(name, cfg, prepared=folder),
                 lambda: checkpoints.save(name, cfg, {"x": 1})):
        with pytest.raises(ValueError, match="v<N>"):
            call()
    assert not (tmp_path / "cache").exists()


def test_prepared_dir_setting(monkeypatch, tmp_path):
    from core.paths import prepared_dir

    monkeypatch.delenv("DLCC_PREPARED_DIR", raising=False)
    assert prepared_dir() is None
    monkeypatch.setenv("DLCC_PREPARED_DIR", "  ")
    assert prepared_dir() is None
    monkeypatch.setenv("DLCC_PREPARED_DIR", f" {tmp_path}/a/../b ")
    assert prepared_dir() == (tmp_path / "b").resolve()


def test_the_cache_named_as_its_own_prepared_dir_still_works(tmp_path, monkeypatch):
    monkeypatch.setenv("DLCC_PREPARED_DIR", str(tmp_path / "cache"))  # the same folder as DLCC_CACHE_DIR
    checkpoints.save("demo.v1", CollapseConfig(), {"w": torch.ones(1)})
    assert checkpoints.load("demo.v1", CollapseConfig())["w"].item() == 1.0
    assert checkpoints.load("demo.v1", CollapseConfig(seed=9)) is None


# --- every field of every config changes the key -------------------------------------------------------------------

def _configs() -> list[type]:
    """Every frozen dataclass named *Config in core/ (other topics' configs join automatically)."""
    found = {}
    for module in iter_modules(core, skip=("prepare", "__main__")):
        for obj in vars(module).values():
            if (isinstance(obj, type) and dataclasses.is_dataclass(obj) and obj.__name__.endswith("Config")
                    and obj.__dataclass_params__.frozen and obj.__module__ == module.__name__):
                found[f"{obj.__module__}.{obj.__name__}"] = obj
    return [found[k] for k in sorted(found)]


def _alternatives(value, owner: type):
    """Values of the same shape as `value` to try in its place (the config's own checks pick the valid ones)."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return [value + 1, value - 1, value * 2, value + 10]
    if isinstance(value, float):
        return [value * 1.5, value * 0.5, value + 0.1, value + 1.0, 0.05]
    if isinstance(value, str):  # other members of any menu in the config's module that holds this value
        module = __import__(owner.__module__, fromlist=["_"])
        menus = [m for m in vars(module).values() if isinstance(m, (tuple, list, dict, set, frozenset))]
        others = [o for m in menus for o in m if isinstance(o, str) and value in m and o != value]
        return others + [value + "x"]
    if dataclasses.is_dataclass(value):
        return [dataclasses.replace(value, **{f: v}) for f, v in _changes(value)]
    if isinstance(value, tuple):
        if not value:
            return [(1.0, 2.0), (1.0, 2.0, 3.0), ((0.0, 0.0, 1),), (1,), ("a",)]
        return ([(alt, *value[1:]) for alt in _alternatives(value[0], owner)] + [value[:-1], value + value[-1:]])
    if value is None:
        return [1, 0.5, "x"]
    return []


def _changes(config):
    """(field, a valid different value) for each field that can be changed."""
    out = []
    for f in dataclasses.fields(config):
        if not f.init:
            continue
        current = getattr(config, f.name)
        for alt in _alternatives(current, type(config)):
            if alt == current:
                continue
            try:
                dataclasses.replace(config, **{f.name: alt})
            except (ValueError, TypeError):
                continue
            out.append((f.name, alt))
            break
    return out


@pytest.mark.parametrize("config_type", _configs(), ids=lambda t: t.__name__)
def test_every_field_changes_the_key(config_type):
    config = config_type()
    base = checkpoints.config_key(config)
    changes = dict(_changes(config))
    fields = [f.name for f in dataclasses.fields(config) if f.init and f.name != "device"]
    assert sorted(changes) == sorted(fields), f"no valid change found for {set(fields) - set(changes)}"
    same_key = [name for name, alt in changes.items()
                if checkpoints.config_key(dataclasses.replace(config, **{name: alt})) == base]
    assert not same_key, f"{config_type.__name__}: changing {same_key} leaves the checkpoint key unchanged"
    if dataclasses.is_dataclass(config) and any(dataclasses.is_dataclass(getattr(config, f)) for f in fields):
        for name in fields:  # nested configs: each of their fields counts too
            inner = getattr(config, name)
            if dataclasses.is_dataclass(inner):
                for inner_name, alt in _changes(inner):
                    try:
                        changed = dataclasses.replace(config, **{name: dataclasses.replace(inner, **{inner_name: alt})})
                    except ValueError:
                        continue
                    assert checkpoints.config_key(changed) != base, f"{name}.{inner_name}"


def test_the_walk_covers_the_part_1_configs():
    names = {t.__name__ for t in _configs()}
    assert {"BoundaryConfig", "Dataset2DConfig", "CompareConfig", "KMeansConfig", "ClusterDataConfig",
            "CollapseConfig"} <= names
