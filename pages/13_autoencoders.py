"""Autoencoders: a tiny network that memorises one photo, the MNIST latent plane (click it to decode), the VAE
beside the plain autoencoder, and a convolutional denoiser."""
import hashlib
from dataclasses import replace

import numpy as np
import streamlit as st

from core.autoencoders import denoise, digits, memorise, sweep
from core.autoencoders.export import export_script
from core.autoencoders.metrics import mse
from core.data.images import ImageProblem, load_photo, photo_choices, read_image
from core.mnist.data import available_source, get_digits
from figures.autoencoders import digit_image, latent_plane, sweep_figure, tiles_figure
from ui.controls import chart_clicks, secondary, select, slider
from ui.figure_cache import cached
from ui.live import get_trainer, live_panel
from ui.page import setup_page, share_link
from ui.url_state import PageState, Param

tiles_figure, sweep_figure, latent_plane, digit_image = cached(tiles_figure, sweep_figure, latent_plane, digit_image)
TABS = ("Memorising a photo", "The latent plane", "VAE", "Denoising")
UPLOAD = "upload"
PLANE_KEY, VAE_PLANE_KEY = "ae_fig.plane", "ae_fig.vae.plane"  # charts that decode a click
DONE_KEY = "_autoencoders.clicks_done"
CLICK_GRID = 36
PLANE_POINTS = 10_000  # the whole MNIST test set
PSNR_DIGITS = 100  # enough for a steady figure; the denoiser takes about 0.4 ms per digit on one CPU core
CHOICES = tuple(photo_choices())
OTHER_DEFAULT = next((c for c in CHOICES if "coffee" in c), CHOICES[-1])

ctx = setup_page("Autoencoders", "🗜️")
state = PageState("autoencoders", [
    Param("tab", TABS[0], choices=TABS), Param("photo", memorise.default_photo(), choices=(*CHOICES, UPLOAD)),
    Param("other", OTHER_DEFAULT, choices=CHOICES), Param("at", "", expect="two numbers: x,y"),
    Param("vae_at", "", expect="two numbers: x,y"),
    Param("a", 3, 0, 9999), Param("b", 2, 0, 9999), Param("blend", 9, 3, 15), Param("grid", 12, 4, 20),
    Param("digit", 1, 0, 9999), Param("repeats", 10, 4, 16), Param("sample_seed", 0, 0, 9999),
    Param("noise", 0.5, 0.0, 1.0, step=0.05), Param("seed", 0, 0, 9999),
])

st.title("🗜️ Autoencoders")
st.caption("Part 4 · squeeze a picture through a few numbers and rebuild it. What gets through the bottleneck "
           "(the latents) is what the network learned about its pictures.")
state.show_notes()
tab_mem, tab_plane, tab_vae, tab_noise = st.tabs(TABS, key=state.key("tab"), on_change="rerun")


@st.cache_data(max_entries=len(CHOICES), show_spinner=False)
def pixels_of(choice: str) -> np.ndarray:
    return load_photo(choice).pixels


@st.cache_data(max_entries=16, show_spinner=False)
def grey(choice: str, side: int = 100) -> np.ndarray:
    return memorise.grey_square(pixels_of(choice), side)


@st.cache_data(max_entries=8, show_spinner=False)
def photo_images(config: memorise.MemoriseConfig) -> np.ndarray:
    """The photos' grey squares (and crops): a fresh copy per call, as a trainer keeps what it is given."""
    return memorise.training_images(config, [pixels_of(p) for p in config.photos])


def memorise_rows(trainer, rows: list[tuple[str, np.ndarray]], key: str) -> np.ndarray:
    """Input, output and difference of each (name, image), as one picture; returns the outputs."""
    images = np.stack([image for _, image in rows])
    outs = trainer.reconstruct(images)
    panels = np.stack([p for i, o in zip(images, outs, strict=True) for p in (i, o, np.abs(i - o))])
    st.plotly_chart(tiles_figure(panels, 3, row_titles=[name for name, _ in rows], photo=True,
                                 col_titles=["input", "output", "difference"], height=230 * len(rows) + 40), key=key)
    return outs


if tab_mem.open:
    with tab_mem:
        controls, main = st.columns([1, 3], gap="medium")
        select(state, "photo", "train on", container=controls, help="The tiger is the course's photo (data "
               "directory); scikit-image's photos ship with the app.")
        select(state, "other", "then feed it", container=controls)
        pixels, signature = None, None
        if state["photo"] == UPLOAD:
            upload = controls.file_uploader("a photo (PNG, JPEG, GIF, BMP or TIFF)", key="ae_upload")
            if upload is not None:
                try:
                    pixels = read_image(upload.getvalue()).pixels
                    signature = hashlib.sha256(upload.getvalue()).hexdigest()
                except ImageProblem as exc:
                    controls.error("This upload cannot be used; the default photo is used instead.")
                    controls.text(str(exc))
            if pixels is None:
                controls.info("Choose a photo to upload; until then the default photo is used. Uploads stay in "
                              "this session: they are not part of the link.")
        photo = UPLOAD if pixels is not None else (
            memorise.default_photo() if state["photo"] == UPLOAD else state["photo"])
        trained_name = "your upload" if photo == UPLOAD else photo.split(": ", 1)[1]
        trained = memorise.grey_square(pixels, 100) if photo == UPLOAD else grey(photo)
        other, black = grey(state["other"]), np.zeros((100, 100), np.float32)
        other_name = state["other"].split(": ", 1)[1]
        controls.caption(f"Photo from {'your upload' if photo == UPLOAD else photo}, made grey and 100×100.")

        def make(config):
            if UPLOAD in config.photos:
                images = memorise.training_images(config, [pixels if p == UPLOAD else pixels_of(p)
                                                           for p in config.photos])
            else:  # the one photo's square does not depend on the seed
                images = photo_images(config if config.kind == "many" else replace(config, seed=0))
            return memorise.MemoriseTrainer(config, images, ctx.device)

        def render_one(t) -> None:
            out_black = memorise_rows(t, [(trained_name, trained), (other_name, other), ("black", black)],
                                      "ae_fig.memorise")[2]
            to_photo, to_black = mse(out_black, trained), mse(out_black, black)
            if t.steps_done == 0 or 3 * to_photo > to_black:
                st.info(f"After {t.steps_done:,} steps the output of a black input is not the photo yet (MSE "
                        f"{to_photo:.4f} from it, {to_black:.4f} from black). Train it and watch the last row.")
                return
            st.markdown(f"Black in, and out comes a picture {to_black / max(to_photo, 1e-9):.0f}× closer to the "
                        f"training photo than to black (MSE {to_photo:.4f} against {to_black:.4f}). **The biases "
                        "hold the picture**: a black input leaves each latent at its bias, and the decoder draws the "
                        f"photo from that ({t.live_units(black[None])} of {t.config.latents} latents above zero).")

        with main:
            st.markdown("**20 numbers for 10,000 pixels?** One dense layer down to 20 latents, one back up, trained "
                        "on one photo.")
            one_cfg = memorise.MemoriseConfig(photos=(photo,), kind="one", seed=state["seed"])
            name_one = memorise.checkpoint_name("one")
            one = get_trainer(name_one, one_cfg, make, signature=signature)
            live_panel(name_one, one, render_one,
                       total_steps=one_cfg.total_steps, chunk=50, save=photo != UPLOAD)
            st.markdown("**Now the same network trained on many pictures** (every photo here, plus random crops "
                        "and mirror images of each): 20 numbers cannot hold them all.")
            many_cfg = memorise.MemoriseConfig(photos=memorise.many_photos(photo, CHOICES), kind="many",
                                               seed=state["seed"])
            name_many = memorise.checkpoint_name("many")

            def render_many(t) -> None:
                outs = memorise_rows(t, [(trained_name, trained), (other_name, other)], "ae_fig.many")
                err = mse(outs[0], trained)
                same = (" Both come out as the same blur, about the average of what it saw: its latents went silent "
                        "(ReLU gives 0 for every input), so only the biases are left, and one bias picture cannot "
                        f"be {len(t.images)} photos." if mse(outs[0], outs[1]) < 1e-3 else "")
                st.caption(f"Error on {trained_name} after training on {len(t.images)} pictures: MSE {err:.4f}, "
                           f"against {mse(one.reconstruct(trained[None])[0], trained):.4f} for the network that saw "
                           f"it alone.{same}")

            live_panel(name_many, get_trainer(name_many, many_cfg, make, signature=signature), render_many,
                       total_steps=many_cfg.total_steps, chunk=50, save=photo != UPLOAD)

source = available_source()
data = get_digits(source, ctx.device)
if source != "mnist" and not tab_mem.open:
    st.warning("MNIST is not in the data directory, so these networks learn scikit-learn's 1,797 bundled 8×8 "
               "digits, upscaled to 28×28 (the plane then shows their 359 test digits, not 10,000).")
test_x, test_y = data.test_x[:PLANE_POINTS], data.test_y[:PLANE_POINTS].cpu().numpy()


def digits_trainer(kind: str, latents: int):
    config = digits.DigitsConfig(kind=kind, latents=latents, source=source, seed=state["seed"])
    name = digits.checkpoint_name(kind, latents)
    return name, config, get_trainer(name, config, lambda c: digits.DigitsTrainer(c, ctx.device))


# What a network computes from fixed inputs, once per set of weights (its fingerprint), for every session: encoding
# the 10,000 test digits, a decoded grid, the test error. `_t` (unhashed) is only read, never kept.
@st.cache_data(max_entries=12, show_spinner=False)
def _codes(fingerprint: str, _t) -> np.ndarray:
    return _t.encode(test_x).cpu().numpy()


@st.cache_data(max_entries=24, show_spinner=False)
def _grid(fingerprint: str, n: int, _t) -> np.ndarray:
    xs, ys = digits.plane_grid(_codes(fingerprint, _t), n)
    return _t.decode(digits.grid_codes(xs, ys)).cpu().numpy()


@st.cache_data(max_entries=12, show_spinner=False)
def _test_mse(fingerprint: str, _t) -> float:
    return _t.test_mse(1000)


def take_click(param: str, key: str) -> None:
    """A click on chart `key` selects the nearest point of its invisible grid (or a digit): decode there, kept in
    the URL as setting `param`. Each click once."""
    done = st.session_state.setdefault(DONE_KEY, set())
    for wid, selection in chart_clicks(key):
        p = selection["selection"]["points"][0]
        point = (round(float(p["x"]), 2), round(float(p["y"]), 2))
        if (wid, point) not in done:
            done.add((wid, point))
            state.set(param, f"{point[0]},{point[1]}")
            st.rerun()


def clickable_plane(t, fingerprint: str, param: str, key: str, title: str, plane, beside, height: int = 520) -> None:
    """`t`'s plane of test codes in `plane`, clickable; in `beside`, its decoder's image of the clicked point
    (setting `param`; at first the codes' median). The VAE's decoder gives its mean image: no sampling."""
    codes = _codes(fingerprint, t)
    at = digits.parse_point(state[param]) or tuple(np.median(codes, 0).round(2))
    plane.plotly_chart(latent_plane(codes, test_y, picked=at, click_grid=CLICK_GRID, title=title, height=height),
                       key=key, on_select="rerun", selection_mode="points")
    take_click(param, key)
    beside.plotly_chart(digit_image(t.decode([at])[0].cpu().numpy(), title=f"decoded at ({at[0]:.2f}, {at[1]:.2f})",
                                    span=0.18),
                        key=f"{key}.decoded")


def decoded_grid(t, fingerprint: str, n: int, title: str, key: str, height: int | None = None) -> None:
    st.plotly_chart(tiles_figure(_grid(fingerprint, n, t), n, title=title, height=height), key=key)


if tab_plane.open:
    with tab_plane:
        name, config, ae = digits_trainer("ae", 2)
        st.download_button("⬇ As a script", data=export_script(config), file_name="autoencoder_ae.py",
                           mime="text/x-python", key="ae_fig.export_ae",
                           help="Standalone: the same network, data and seed. Run it with --data FOLDER --steps N.")

        def render_plane(t) -> None:
            left, right = st.columns([3, 1])
            fingerprint = t.fingerprint()
            clickable_plane(t, fingerprint, "at", PLANE_KEY,
                            f"{len(test_y):,} test digits at their 2 latents: click to decode", left, right)
            right.caption(f"Test reconstruction error: MSE {_test_mse(fingerprint, t):.4f} per pixel.")

        live_panel(name, ae, render_plane, total_steps=config.total_steps, chunk=100)
        c1, c2, c3 = st.columns(3)
        slider(state, "a", "blend from test digit #", container=c1)
        slider(state, "b", "to test digit #", container=c2)
        slider(state, "blend", "steps", container=c3)
        ia, ib = state["a"] % len(test_y), state["b"] % len(test_y)
        za, zb = ae.encode(test_x[[ia, ib]]).cpu().numpy()
        row = np.concatenate([test_x[[ia]].cpu().numpy(), ae.decode(digits.blend(za, zb, state["blend"])).cpu().numpy(),
                              test_x[[ib]].cpu().numpy()])
        st.plotly_chart(tiles_figure(row, len(row), title=f"a {test_y[ia]} (left, as drawn) blended into a "
                                     f"{test_y[ib]} (right) in {state['blend']} even steps"), key="ae_fig.blend")
        slider(state, "grid", "grid size", container=st.columns(3)[0])
        decoded_grid(ae, ae.fingerprint(), state["grid"], "the decoder fed a grid over the plane (top left = low "
                     "latent 1, high latent 2)", "ae_fig.grid")
        st.markdown("**How many latents?** The same network with 2, 10, 20 and 50 latents, trained step for step: "
                    "test error on one chart.")
        sweep_cfg = sweep.sweep_config(source, state["seed"])
        sweeper = get_trainer(sweep.SWEEP_NAME, sweep_cfg, lambda c: sweep.SweepTrainer(c, ctx.device))
        live_panel(sweep.SWEEP_NAME, sweeper, lambda t: st.plotly_chart(
            sweep_figure(t.errors(), title="test MSE per pixel: more latents, better copies"),
            key="ae_fig.sweep"), total_steps=sweep_cfg.total_steps, chunk=100)

if tab_vae.open:
    with tab_vae:
        slider(state, "grid", "grid size", container=st.columns(3)[0])
        _, _, ae = digits_trainer("ae", 2)
        name, config, vae = digits_trainer("vae", 2)
        st.markdown("**Variational autoencoder** (middle): each code is a little cloud, pulled towards N(0, 1), "
                    f"beside the plain autoencoder (left, {ae.steps_done:,} steps; train it in *The latent plane*). "
                    "Click the VAE's plane to decode that point.")

        def render_vae(t) -> None:
            n, ae_print, vae_print = state["grid"], ae.fingerprint(), t.fingerprint()
            left, middle, right = st.columns([3, 3, 2])  # narrow columns: short titles
            left.plotly_chart(latent_plane(_codes(ae_print, ae), test_y, title="autoencoder", height=420),
                              key="ae_fig.vae_ae.plane")
            clickable_plane(t, vae_print, "vae_at", VAE_PLANE_KEY, "VAE: click to decode", middle, right, 420)
            left, middle, _ = st.columns([3, 3, 2])
            with left:
                decoded_grid(ae, ae_print, n, f"autoencoder: {n}×{n} grid", "ae_fig.vae_ae.grid", 420)
            with middle:
                decoded_grid(t, vae_print, n, f"VAE: {n}×{n} grid", "ae_fig.vae.grid", 420)

        live_panel(name, vae, render_vae, total_steps=config.total_steps, chunk=100)
        c1, c2 = st.columns(2)
        slider(state, "digit", "test digit to feed again and again", container=c1)
        slider(state, "repeats", "times", container=c2)
        i = state["digit"] % len(test_y)
        outs = vae.resample(test_x[i], state["repeats"], seed=state["sample_seed"]).cpu().numpy()
        diffs = np.abs(outs - test_x[i].cpu().numpy()[None])
        st.plotly_chart(tiles_figure(np.concatenate([outs, diffs]), len(outs), row_titles=["outputs", "difference"],
                                     title=f"the same {test_y[i]} through the VAE {len(outs)} times: each is "
                                           "different"), key="ae_fig.repeats")
        slider(state, "sample_seed", "seed of the random latents", container=st.columns(3)[0])
        name50, config50, vae50 = digits_trainer("vae", 50)
        st.markdown("**New digits from random latents**, drawn from N(0, 1): with 2 latents (the VAE above) and "
                    "with 50 (its own network, trained here).")

        def render_samples(t) -> None:
            s2, s50 = st.columns(2)
            for col, net, k in ((s2, vae, 2), (s50, t, 50)):
                samples = net.decode(digits.random_codes(k, 40, state["sample_seed"])).cpu().numpy()
                col.plotly_chart(tiles_figure(samples, 10, title=f"40 digits from {k} random latents", height=280),
                                 key=f"ae_fig.samples{k}")

        live_panel(name50, vae50, render_samples, total_steps=config50.total_steps, chunk=100)

if tab_noise.open:
    with tab_noise:
        slider(state, "noise", "noise level (standard deviation)", container=st.columns(3)[0])
        dn_cfg = denoise.DenoiseConfig(source=source, seed=state["seed"])
        dn = get_trainer(denoise.DENOISE_NAME, dn_cfg, lambda c: denoise.DenoiseTrainer(c, ctx.device))

        def render_noise(t) -> None:
            r = denoise.denoise_report(t, test_x[:PSNR_DIGITS], state["noise"], seed=1)
            shown = [r["noisy"][:10], r["cleaned"][:10], test_x[:10]]
            st.plotly_chart(tiles_figure(np.concatenate([s.cpu().numpy() for s in shown]), 10,
                                         row_titles=["noisy", "cleaned", "clean"],
                                         title=f"noise {state['noise']:.2f}: 32×7×7 = 1,568 latents"),
                            key="ae_fig.denoise")
            a, b = st.columns(2)
            a.metric(f"PSNR noisy ({PSNR_DIGITS} test digits)", f"{r['psnr_noisy']:.1f} dB")
            b.metric("PSNR cleaned", f"{r['psnr_cleaned']:.1f} dB", f"{r['psnr_cleaned'] - r['psnr_noisy']:+.1f} dB")

        live_panel(denoise.DENOISE_NAME, dn, render_noise, total_steps=dn_cfg.total_steps, chunk=25)

with secondary("Seed"):
    slider(state, "seed", "seed (weights, batches, noise)")
state.sync_url()  # after the last widget
with st.expander("Share this demo"):
    share_link()
