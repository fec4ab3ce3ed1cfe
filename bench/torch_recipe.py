"""The PyTorch peer for bench/accuracy.sh: trains the network on an IDX folder with `mnist train`'s
recipe options (the subset its recipes use, same names, same defaults: Adam at 0.003 on the one-cycle
policy, batch 64, 10 % held out, seed 42), scores the test set after every epoch and prints
'ACCURACY SECONDS TO99': the last epoch's test accuracy, the training seconds (scoring not counted)
and the training seconds after which an epoch first reached 99.0 % ('-' when none). An option it does
not know is an error (exit 2): the script then shows no peer for that recipe.

--data is an IDX folder, or a store `mnist dataset create` made (its train and test splits): the script
gives PyTorch the MNIST digits as mnist prepares them (its auto rule picks the digit preparation for
them) by making such a store of them. With --limit, its first N are the store's (shuffled) first N,
not the IDX file's, and the held-out images are PyTorch's own draw: the same counts, other images.

The same recipe, not the same bits: the learning rate per batch is mnist's formula (LearningRatePolicy),
weights start as mnist's do (Xavier normal, zero biases), weight decay is AdamW's decoupled one as
mnist's, label smoothing is PyTorch's, which is mnist's definition; the warp (rotation, scale and shift
about the centre, flips, bilinear, black outside, rounded to 0-255 levels) is mnist's Augmenter's
mapping done by affine_grid on whole batches."""
import argparse
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from torch_peer import NETWORKS, load, read_idx

ONECYCLE_RISE, ONECYCLE_DIV, ONECYCLE_FINAL_DIV = 0.3, 25, 1e4


def options(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", required=True)
    p.add_argument("--model", default="lenet", choices=sorted(NETWORKS))
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--val-split", type=float, default=0.1)
    p.add_argument("--lr", type=float, default=0.003)
    p.add_argument("--lr-policy", choices=("fixed", "cosine", "onecycle"), default="onecycle")
    p.add_argument("--label-smoothing", type=float, default=0.0)
    p.add_argument("--weight-decay", type=float, default=0.0)
    p.add_argument("--rotate", type=float, default=0.0)
    p.add_argument("--shift", type=float, default=0.0)
    p.add_argument("--scale", type=float, default=0.0)
    p.add_argument("--flip", choices=("none", "horizontal", "vertical", "both"), default="none")
    return p.parse_args(argv)


def rate(o, iteration, batches_per_epoch):
    """mnist's LearningRatePolicy.rate: the policy's rate at the batch's start, t in epochs."""
    progress = min(1.0, iteration / batches_per_epoch / o.epochs)
    if o.lr_policy == "fixed":
        return o.lr
    if o.lr_policy == "cosine":
        return o.lr * 0.5 * (1 + math.cos(math.pi * progress))
    start = o.lr / ONECYCLE_DIV
    if progress < ONECYCLE_RISE:
        return half_cosine(start, o.lr, progress / ONECYCLE_RISE)
    return half_cosine(o.lr, start / ONECYCLE_FINAL_DIV, (progress - ONECYCLE_RISE) / (1 - ONECYCLE_RISE))


def half_cosine(start, end, p):
    return end + (start - end) * 0.5 * (1 + math.cos(math.pi * p))


def warps(o):
    return o.rotate > 0 or o.shift > 0 or o.scale > 0 or o.flip != "none"


def augment(o, x):
    """mnist's warp: each output pixel read back through the shift, the rotation and scale, then the flips."""
    n = x.shape[0]

    def uniform(r):
        return (torch.rand(n) * 2 - 1) * r

    def flips(on):
        return torch.where(torch.rand(n) < 0.5, -1.0, 1.0) if on else torch.ones(n)

    angle, zoom = uniform(math.radians(o.rotate)), 1 + uniform(o.scale)
    shift_x, shift_y = uniform(o.shift) * 2, uniform(o.shift) * 2   # fractions of the side in [-1, 1] coordinates
    cos, sin = torch.cos(angle) / zoom, torch.sin(angle) / zoom
    fx, fy = flips(o.flip in ("horizontal", "both")), flips(o.flip in ("vertical", "both"))
    theta = torch.empty(n, 2, 3)
    theta[:, 0, 0], theta[:, 0, 1] = fx * cos, fx * sin
    theta[:, 1, 0], theta[:, 1, 1] = -fy * sin, fy * cos
    theta[:, 0, 2] = -(theta[:, 0, 0] * shift_x + theta[:, 0, 1] * shift_y)
    theta[:, 1, 2] = -(theta[:, 1, 0] * shift_x + theta[:, 1, 1] * shift_y)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    warped = F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    return torch.round(warped.clamp(0, 1) * 255) / 255


def load_split(folder, split):
    """A store's split ([count, channels, height, width] bytes) or an IDX folder's (train, or t10k for test)."""
    stored = os.path.join(folder, f"{split}-images.idx")
    if not os.path.exists(stored):
        return load(folder, "train" if split == "train" else "t10k")
    x = torch.from_numpy(read_idx(stored).astype(np.float32) / 255.0)
    return x, torch.from_numpy(read_idx(os.path.join(folder, f"{split}-labels.idx")).astype(np.int64))


def initialise(model):
    for layer in model.modules():
        if isinstance(layer, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_normal_(layer.weight)
            nn.init.zeros_(layer.bias)


def accuracy(model, x, y):
    model.eval()
    with torch.no_grad():
        right = sum((model(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum().item() for i in range(0, len(x), 1000))
    model.train()
    return right / len(x)


def main():
    o = options(sys.argv[1:])
    torch.set_num_threads(len(os.sched_getaffinity(0)))   # as bench/torch_peer.py: every core mnist uses
    torch.manual_seed(o.seed)
    x, y = load_split(o.data, "train")
    if o.limit > 0:
        x, y = x[:o.limit], y[:o.limit]
    if o.val_split > 0:
        kept = torch.randperm(len(x))[int(math.floor(len(x) * o.val_split + 0.5)):]   # Java's Math.round
        x, y = x[kept], y[kept]
    tx, ty = load_split(o.data, "test")
    model = NETWORKS[o.model]()
    initialise(model)
    optimizer = (torch.optim.AdamW(model.parameters(), lr=o.lr, weight_decay=o.weight_decay) if o.weight_decay > 0
                 else torch.optim.Adam(model.parameters(), lr=o.lr))
    batches = (len(x) + o.batch_size - 1) // o.batch_size
    seconds, to99, iteration, acc = 0.0, "-", 0, 0.0
    model.train()
    for epoch in range(1, o.epochs + 1):
        start = time.perf_counter()
        order = torch.randperm(len(x))
        for i in range(0, len(x), o.batch_size):
            batch = order[i:i + o.batch_size]
            inputs = augment(o, x[batch]) if warps(o) else x[batch]
            for group in optimizer.param_groups:
                group["lr"] = rate(o, iteration, batches)
            optimizer.zero_grad()
            F.cross_entropy(model(inputs), y[batch], label_smoothing=o.label_smoothing).backward()
            optimizer.step()
            iteration += 1
        seconds += time.perf_counter() - start
        acc = accuracy(model, tx, ty)
        if to99 == "-" and acc >= 0.99:
            to99 = f"{seconds:.1f}"
        print(f"  pytorch epoch {epoch}: test accuracy {acc:.4f} after {seconds:.1f} s", file=sys.stderr)
    print(f"{acc:.4f} {seconds:.1f} {to99}")


if __name__ == "__main__":
    main()
