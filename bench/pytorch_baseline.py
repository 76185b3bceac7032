#!/usr/bin/env python3
"""PyTorch eager baseline for the GPU suite's two training benchmarks
(scripts/gpu_suite.ts, bench-resnet18 and bench-resnet50) and for the CPU
training-step benchmark (`npm run bench step`, bench/Step.bench.ts: configs
mnist-demo and cifar10-b32 on --device cpu with --threads and --flush-denormal).

The same SimSiam training step as src/train/step.ts: both views through the
encoder (backbone + projector) and the predictor, BatchNorm in training mode,
L = 1/2 D(p1, sg(z2)) + 1/2 D(p2, sg(z1)), SGD with momentum and weight decay.
  resnet18: CIFAR variant (3x3 stride-1 stem, no max-pool), projector 2 layers of 2048,
            predictor 512, batch 512, two 32x32 views, weight decay 5e-4
  resnet50: ImageNet stem, projector 3 layers of 2048, predictor 512, batch 128,
            two 224x224 views, weight decay 1e-4
  mnist-demo: the mnist-demo preset's model (src/train/config.ts): CIFAR variant at width 1/8,
            projector 2 layers of 256, predictor 64, batch 128, two 28x28 views, weight decay 5e-4
  cifar10-b32: the cifar10 preset's model (as resnet18) at batch 32
Backbones are written out here (torchvision is not needed). Synthetic data
already on the device; fp32 (no autocast). Reports images/s (one image = its
two views) after warm-up, timed with torch.cuda.synchronize(). Prints one JSON
object on stdout; progress on stderr.

usage: python3 bench/pytorch_baseline.py [--only resnet18,resnet50] [--steps N] [--warmup N]
       [--max-seconds S] [--tf32 default|on|off] [--channels-last] [--device cuda|cpu] [--dry-run]
       [--threads N] [--flush-denormal] [--min-steps N]
"""
import argparse
import datetime
import json
import platform
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


# ------------------------------------------------------------------ backbones
class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, cin, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.down = None
        if stride != 1 or cin != planes:
            self.down = nn.Sequential(nn.Conv2d(cin, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + (x if self.down is None else self.down(x)))


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, cin, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.down = None
        if stride != 1 or cin != planes * 4:
            self.down = nn.Sequential(nn.Conv2d(cin, planes * 4, 1, stride, bias=False), nn.BatchNorm2d(planes * 4))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = F.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        return F.relu(out + (x if self.down is None else self.down(x)))


class ResNet(nn.Module):
    def __init__(self, block, layers, cifar_stem, width=1.0):
        super().__init__()
        base = lambda c: max(1, round(c * width))
        c = base(64)
        if cifar_stem:
            self.stem = nn.Sequential(nn.Conv2d(3, c, 3, 1, 1, bias=False), nn.BatchNorm2d(c), nn.ReLU(inplace=True))
        else:
            self.stem = nn.Sequential(nn.Conv2d(3, c, 7, 2, 3, bias=False), nn.BatchNorm2d(c), nn.ReLU(inplace=True),
                                      nn.MaxPool2d(3, 2, 1))
        stages, cin = [], c
        for i, n in enumerate(layers):
            planes = base(64 * 2 ** i)
            for j in range(n):
                stages.append(block(cin, planes, 2 if (j == 0 and i > 0) else 1))
                cin = planes * block.expansion
        self.stages = nn.Sequential(*stages)
        self.feature_dim = cin

    def forward(self, x):
        return torch.flatten(F.adaptive_avg_pool2d(self.stages(self.stem(x)), 1), 1)


def resnet(arch, cifar_stem, width=1.0):
    if arch == 'resnet18':
        return ResNet(BasicBlock, [2, 2, 2, 2], cifar_stem, width)
    if arch == 'resnet50':
        return ResNet(Bottleneck, [3, 4, 6, 3], cifar_stem, width)
    raise ValueError(arch)


# ------------------------------------------------------------------ heads (src/model/heads.ts)
def projector(in_dim, dim, layers):
    mods, d = [], in_dim
    for _ in range(layers - 1):
        mods += [nn.Linear(d, dim, bias=False), nn.BatchNorm1d(dim), nn.ReLU(inplace=True)]
        d = dim
    mods += [nn.Linear(d, dim, bias=False), nn.BatchNorm1d(dim, affine=False)]
    return nn.Sequential(*mods)


def predictor(dim, hidden):
    return nn.Sequential(nn.Linear(dim, hidden, bias=False), nn.BatchNorm1d(hidden), nn.ReLU(inplace=True),
                         nn.Linear(hidden, dim))


class SimSiam(nn.Module):
    def __init__(self, arch, cifar_stem, width, proj_layers, dim, pred_dim):
        super().__init__()
        self.backbone = resnet(arch, cifar_stem, width)
        self.projector = projector(self.backbone.feature_dim, dim, proj_layers)
        self.predictor = predictor(dim, pred_dim)

    def forward(self, x1, x2):
        z1 = self.projector(self.backbone(x1))
        z2 = self.projector(self.backbone(x2))
        p1, p2 = self.predictor(z1), self.predictor(z2)
        d = lambda p, z: -F.cosine_similarity(p, z.detach(), dim=1).mean()
        return 0.5 * d(p1, z2) + 0.5 * d(p2, z1)


# ------------------------------------------------------------------ benchmark
CONFIGS = {
    'resnet18': dict(arch='resnet18', cifar_stem=True, width=1.0, proj_layers=2, dim=2048, pred_dim=512,
                     batch=512, size=32, weight_decay=5e-4, lr=0.06),
    'resnet50': dict(arch='resnet50', cifar_stem=False, width=1.0, proj_layers=3, dim=2048, pred_dim=512,
                     batch=128, size=224, weight_decay=1e-4, lr=0.025),
    # lr = base lr x batch / 256, as the presets
    'mnist-demo': dict(arch='resnet18', cifar_stem=True, width=0.125, proj_layers=2, dim=256, pred_dim=64,
                       batch=128, size=28, weight_decay=5e-4, lr=0.5),
    'cifar10-b32': dict(arch='resnet18', cifar_stem=True, width=1.0, proj_layers=2, dim=2048, pred_dim=512,
                        batch=32, size=32, weight_decay=5e-4, lr=0.00375),
}
DRY = {'resnet18': dict(width=0.125, dim=64, pred_dim=16, batch=16),
       'resnet50': dict(width=0.125, dim=64, pred_dim=16, batch=2, size=64),
       'mnist-demo': dict(batch=16),
       'cifar10-b32': dict(width=0.125, dim=64, pred_dim=16, batch=4)}


def sync(device):
    if device.type == 'cuda':
        torch.cuda.synchronize(device)


def bench(name, cfg, device, steps, warmup, max_seconds, channels_last, min_steps=2):
    torch.manual_seed(0)
    model = SimSiam(cfg['arch'], cfg['cifar_stem'], cfg['width'], cfg['proj_layers'], cfg['dim'], cfg['pred_dim']).to(device)
    fmt = torch.channels_last if channels_last else torch.contiguous_format
    model = model.to(memory_format=fmt)
    opt = torch.optim.SGD(model.parameters(), lr=cfg['lr'], momentum=0.9, weight_decay=cfg['weight_decay'])
    B, S = cfg['batch'], cfg['size']
    g = torch.Generator(device='cpu').manual_seed(1)
    x1 = torch.randn(B, 3, S, S, generator=g).to(device).contiguous(memory_format=fmt)
    x2 = torch.randn(B, 3, S, S, generator=g).to(device).contiguous(memory_format=fmt)

    def step():
        loss = model(x1, x2)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss

    t = time.perf_counter()
    for _ in range(warmup):
        step()
    sync(device)
    warmup_s = time.perf_counter() - t
    if device.type == 'cuda':
        torch.cuda.reset_peak_memory_stats(device)
    n, t0 = 0, time.perf_counter()
    while n < steps and (n < min_steps or time.perf_counter() - t0 < max_seconds):
        loss = step()
        n += 1
        if n % 5 == 0:
            sync(device)  # keep the time check honest (and the queue short)
    sync(device)
    seconds = time.perf_counter() - t0
    out = dict(name=f'PyTorch eager SimSiam {name} batch {B}, 2 views {S}x{S}: train', images_per_second=B * n / seconds,
               views_per_second=2 * B * n / seconds, ms_per_step=1000 * seconds / n, steps=n, warmup_steps=warmup,
               warmup_seconds=warmup_s, loss=float(loss), config=cfg, channels_last=channels_last)
    if device.type == 'cuda':
        out['peak_memory_bytes'] = torch.cuda.max_memory_allocated(device)
    print(f"{out['name']}: {out['images_per_second']:.1f} images/s ({out['ms_per_step']:.1f} ms/step)", file=sys.stderr)
    del model, opt, x1, x2
    if device.type == 'cuda':
        torch.cuda.empty_cache()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--only', default='resnet18,resnet50')
    ap.add_argument('--steps', type=int, default=30)
    ap.add_argument('--warmup', type=int, default=5)
    ap.add_argument('--max-seconds', type=float, default=60)
    ap.add_argument('--min-steps', type=int, default=2, help='timed steps even past --max-seconds')
    ap.add_argument('--tf32', choices=['default', 'on', 'off'], default='default',
                    help="default: PyTorch's own (cuDNN convolutions TF32, matmul not)")
    ap.add_argument('--channels-last', action='store_true')
    ap.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    ap.add_argument('--dry-run', action='store_true', help='tiny sizes (a check of the script, e.g. on cpu)')
    ap.add_argument('--threads', type=int, default=0, help='torch.set_num_threads(N) (0: PyTorch\'s default)')
    ap.add_argument('--flush-denormal', action='store_true',
                    help='torch.set_flush_denormal(True), as the native CPU kernels flush denormals')
    a = ap.parse_args()
    device = torch.device(a.device)
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    flush_denormal = torch.set_flush_denormal(True) if a.flush_denormal else False
    if a.tf32 != 'default':
        torch.backends.cuda.matmul.allow_tf32 = a.tf32 == 'on'
        torch.backends.cudnn.allow_tf32 = a.tf32 == 'on'
    torch.backends.cudnn.benchmark = True
    report = dict(date=datetime.datetime.now(datetime.timezone.utc).isoformat(), torch=torch.__version__,
                  cuda=torch.version.cuda, cudnn=torch.backends.cudnn.version() if torch.backends.cudnn.is_available() else None,
                  device=torch.cuda.get_device_name(device) if device.type == 'cuda' else platform.processor() or 'cpu',
                  python=platform.python_version(), tf32=dict(matmul=torch.backends.cuda.matmul.allow_tf32,
                                                              cudnn=torch.backends.cudnn.allow_tf32),
                  cudnn_benchmark=True, dry_run=a.dry_run, threads=torch.get_num_threads(),
                  flush_denormal=flush_denormal, results=[])
    for name in [s for s in a.only.split(',') if s]:
        cfg = dict(CONFIGS[name])
        if a.dry_run:
            cfg.update(DRY[name])
        try:
            report['results'].append(bench(name, cfg, device, 2 if a.dry_run else a.steps, 1 if a.dry_run else a.warmup,
                                           a.max_seconds, a.channels_last, a.min_steps))
        except Exception as e:  # e.g. out of memory: report it, go on
            report['results'].append(dict(name=name, error=f'{type(e).__name__}: {e}'))
            print(f'{name}: {type(e).__name__}: {e}', file=sys.stderr)
    print(json.dumps(report, indent=2))
    return 1 if any('error' in r for r in report['results']) else 0


if __name__ == '__main__':
    sys.exit(main())
