"""Test fixtures of the notebooks, not part of the package: notebooks run in `nbs/` and import them with
`from _fixtures import ...`."""
from __future__ import annotations
import math, sys
from perp_nb.store import Results, method_label, sparsity_label
from perp_nb.plots import pruned_fraction
from perp_nb.retrain import accelerate_config

__all__ = ['example_results', 'launch_command']


def _example_ppl(criterion, frac, method, lr) -> tuple[float, float]:
    "Made-up (pruned, final) perplexities of a run from a formula; the dense model has 30"
    pruned = 30 * math.exp((8 if criterion == 'magnitude' else 5) * frac**3)
    kept = {'none': 1, 'reconstruct': 0.4, 'ln+masklora': 0.25}.get(method_label(method),
                                                                    0.3 if (lr or 0) > 1e-4 else 0.5)
    return round(pruned, 2), round(30 + (pruned - 30) * kept, 2)


def _example_row(criterion, sparsity, pattern, method, lr, iters=30) -> dict:
    "A made-up run with the schema of a real row (a subset of its fields)"
    frac = pruned_fraction(sparsity, pattern) + (0.05 if pattern else 0)   # N:M hurts a little more
    pruned, final = _example_ppl(criterion, frac, method, lr)
    acc = lambda p: round(0.25 + 0.35 * (30/p)**0.5, 4)
    label = method_label(method)
    row = dict(model='tiny-llama', criterion=criterion, sparsity=sparsity, pattern=pattern, method=method, lr=lr,
               iters=iters, seed=0, ppl_dense=30.0, ppl_pruned=pruned, ppl=final, val_ppl=round(1.05*final, 2),
               acc_dense=acc(30), acc_pruned=acc(pruned), acc=acc(final),
               trainable_pct={'none': 0}.get(label, 0.5), model_dir=None,
               evals=[] if label in ('none', 'reconstruct')
                     else [[t, round(1.05*final*(pruned/final)**(1 - t/iters), 2)] for t in (10, 20, 30)])
    if label == 'reconstruct':
        row['blocks'] = [dict(block=b, error_before=0.01*(b+1)*frac, error_after=0.004*(b+1)*frac)
                         for b in range(2)]
    return row


def example_results(path) -> Results: # where to write the JSON file
    "A store of 40 MADE-UP runs for tests and demos: 2 criteria × (3 sparsities + 2:4) × 4 methods, MaskLoRA at 2 lrs"
    runs = [(c, s, p, m, lr) for c in ('magnitude', 'wanda')
            for s, p in ((0.3, None), (0.5, None), (0.7, None), (None, '2:4'))
            for m, lr in (('none', None), ('masklora', 5e-4), ('masklora', 5e-5), (['ln', 'masklora'], 5e-4),
                          ('reconstruct', 1e-4))]
    store = Results(path)
    store.save({f'{c} {sparsity_label(s, p)} {method_label(m)}' + (f' lr={lr:g}' if lr else ''):
                _example_row(c, s, p, m, lr) for c, s, p, m, lr in runs})
    return store


def launch_command(script, *args, # the Python script to run, and its arguments
                   processes:int=2, # how many processes
                   config=None, # an accelerate config (a shipped name or a file); None: DDP on what is here
                   mixed_precision:str|None=None) -> list[str]: # 'no' or 'bf16'; None: the config's ('no' without one)
    "The `accelerate launch` command line that runs `script` on `processes` processes"
    how = (['--config_file', str(accelerate_config(config))] if config else
           ['--multi_gpu', '--num_machines', '1', '--dynamo_backend', 'no'])
    mp = mixed_precision or (None if config else 'no')
    return [sys.executable, '-m', 'accelerate.commands.launch', *how, *(['--mixed_precision', mp] if mp else []),
            '--num_processes', str(processes), '--main_process_port', '0', str(script), *map(str, args)]
