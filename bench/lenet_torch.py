"""The peer for bench/train.sh: the same LeNet, batch 64, Adam 0.001, one epoch on the IDX
training set in a folder, on the CPU with all its cores. Prints 'IMAGES_PER_S images/s, test accuracy ACC'."""
import gzip, os, struct, sys, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        _, _, _, rank = struct.unpack(">BBBB", f.read(4))
        dims = struct.unpack(">" + "I" * rank, f.read(4 * rank))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


def load(folder, prefix):
    def find(name):
        raw = os.path.join(folder, name)
        return raw if os.path.exists(raw) else raw + ".gz"
    x = read_idx(find(f"{prefix}-images-idx3-ubyte")).astype(np.float32) / 255.0
    y = read_idx(find(f"{prefix}-labels-idx1-ubyte")).astype(np.int64)
    return torch.from_numpy(x).unsqueeze(1), torch.from_numpy(y)


class LeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 20, 5)
        self.conv2 = nn.Conv2d(20, 50, 5)
        self.dense1 = nn.Linear(800, 500)
        self.output = nn.Linear(500, 10)

    def forward(self, x):
        x = F.max_pool2d(self.conv1(x), 2)
        x = F.max_pool2d(self.conv2(x), 2)
        x = F.relu(self.dense1(x.flatten(1)))
        return self.output(x)


def main():
    # PyTorch picks 1 thread on this 2-CPU machine; the comparison gives it every core mnist uses.
    torch.set_num_threads(len(os.sched_getaffinity(0)))
    torch.manual_seed(42)
    x, y = load(sys.argv[1], "train")
    tx, ty = load(sys.argv[1], "t10k")
    model = LeNet()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    order = torch.randperm(len(x))
    start = time.perf_counter()
    model.train()
    for i in range(0, len(x), 64):
        batch = order[i:i + 64]
        optimizer.zero_grad()
        F.cross_entropy(model(x[batch]), y[batch]).backward()
        optimizer.step()
    seconds = time.perf_counter() - start
    model.eval()
    with torch.no_grad():
        accuracy = (model(tx).argmax(1) == ty).float().mean().item()
    print(f"{len(x) / seconds:.0f} images/s, test accuracy {accuracy:.4f}")


if __name__ == "__main__":
    main()
