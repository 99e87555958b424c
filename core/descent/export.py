"""Export as code: one optimiser's run on one surface as a standalone script, from the same functions the page runs."""
from __future__ import annotations

from core.descent import optimisers, schedules
from core.export import build_script

MAIN = '''
parser = argparse.ArgumentParser(description="Gradient descent on an error surface, step by step.")
parser.add_argument("--steps", type=int, default=STEPS)
args = parser.parse_args()
w = torch.tensor(START, dtype=torch.float64, requires_grad=True)
optimiser = make_optimiser(OPTIMISER, [w], LR)
scheduler = make_scheduler(SCHEDULE, optimiser, args.steps)
for step in range(1, args.steps + 1):
    optimiser.zero_grad()
    error = SURFACE(w)
    error.backward()
    optimiser.step()
    scheduler.step()
    with torch.no_grad():
        now = SURFACE(w).item() - F_MIN
    if not math.isfinite(now) or w.abs().max().item() > 1e6:
        print(f"step {step}: diverged (the learning rate is too big)")
        break
    print(f"step {step}: w = {[round(v, 5) for v in w.tolist()]}  error = {now:.6g}")
'''


def export_script(surface, optimiser: str, lr: float, start, steps: int, schedule: str = "constant") -> str:
    """A runnable script: the surface function, torch.optim optimiser and scheduler, printing each step."""
    doc = (f"{optimisers.OPTIMISERS[optimiser]} (learning rate {lr:g}, {schedules.SCHEDULES[schedule]} schedule) on "
           f"the {surface.label} error surface, from {tuple(start)}.\n\nExported from \"Deep Learning: A Crash "
           f"Course, live\". Run: python descent_run.py --steps {steps}")
    constants = dict(MOMENTUM=optimisers.MOMENTUM, STEP_GAMMA=schedules.STEP_GAMMA, STEP_PARTS=schedules.STEP_PARTS,
                     EXP_FINAL=schedules.EXP_FINAL, INVERSE_TAU=schedules.INVERSE_TAU, SCHEDULES=schedules.SCHEDULES,
                     OPTIMISERS=optimisers.OPTIMISERS, OPTIMISER=optimiser, LR=float(lr),
                     START=[float(v) for v in start], STEPS=int(steps), SCHEDULE=schedule, F_MIN=float(surface.f_min))
    imports = ["import argparse", "import math", "", "import torch", "import torch.nn.functional as F"]
    return build_script(doc, imports, [surface.fn, optimisers.make_optimiser, schedules.make_scheduler], constants,
                        f"SURFACE = {surface.fn.__name__}\n" + MAIN)
