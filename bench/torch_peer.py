"""The peer for bench/train.sh: the same network (lenet, lenet5 or resnet as a second argument), batch 64,
Adam 0.001, one epoch on the IDX training set in a folder (its first LIMIT images when a third argument
gives LIMIT), on the CPU with all its cores. Prints 'IMAGES_PER_S images/s, test accuracy ACC'."""
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


class LeNet5(nn.Module):
    """LeNet-5 (1998) as mnist's lenet5: pad to 32x32, conv 6 tanh, avg-pool, conv 16 tanh, avg-pool, 120, 84 tanh."""
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.dense1 = nn.Linear(400, 120)
        self.dense2 = nn.Linear(120, 84)
        self.output = nn.Linear(84, 10)

    def forward(self, x):
        x = F.avg_pool2d(torch.tanh(self.conv1(F.pad(x, (2, 2, 2, 2)))), 2)
        x = F.avg_pool2d(torch.tanh(self.conv2(x)), 2)
        x = torch.tanh(self.dense1(x.flatten(1)))
        x = torch.tanh(self.dense2(x))
        return self.output(x)


class Block(nn.Module):
    """A basic residual block as mnist's: conv3x3 bn relu conv3x3 bn, plus the input or its 1x1 projection, relu."""
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(y)) + self.shortcut(x))


class ResNet20(nn.Module):
    """mnist's resnet: conv3x3x16 bn relu, 3 stages of 3 blocks (16, 32, 64), global average pool, dense."""
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, 1, 1)
        self.bn1 = nn.BatchNorm2d(16)
        blocks, cin = [], 16
        for stage, width in enumerate((16, 32, 64)):
            for block in range(3):
                blocks.append(Block(cin, width, 2 if stage > 0 and block == 0 else 1))
                cin = width
        self.blocks = nn.Sequential(*blocks)
        self.output = nn.Linear(64, 10)

    def forward(self, x):
        x = self.blocks(F.relu(self.bn1(self.conv1(x))))
        return self.output(x.mean((2, 3)))


NETWORKS = {"lenet": LeNet, "lenet5": LeNet5, "resnet": ResNet20}


def main():
    # PyTorch picks 1 thread on this 2-CPU machine; the comparison gives it every core mnist uses.
    torch.set_num_threads(len(os.sched_getaffinity(0)))
    torch.manual_seed(42)
    x, y = load(sys.argv[1], "train")
    if len(sys.argv) > 3 and int(sys.argv[3]) > 0:
        x, y = x[:int(sys.argv[3])], y[:int(sys.argv[3])]
    tx, ty = load(sys.argv[1], "t10k")
    model = NETWORKS[sys.argv[2] if len(sys.argv) > 2 else "lenet"]()
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
