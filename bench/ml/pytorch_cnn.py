#!/usr/bin/python3
"""Train the reference CNN in PyTorch on MNIST-format IDX files and time it.

The network, optimizer, batch size and pixel scaling match PolicyEngine's C# trainer
(Ml/Training/CnnTrainer.cs), so the two can be compared epoch by epoch. Prints one JSON
object, and also writes it to --out when given.

Run with Debian's python3-torch (1.13.1) as /usr/bin/python3. The script downloads nothing.
"""

import argparse
import gzip
import json
import os
import platform
import statistics
import struct
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

DEFAULT_DATA = "/usr/share/datasets/fashion-mnist"
FILE_NAMES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}
IDX_UNSIGNED_BYTE = 0x08
# ReferenceCnn.ParameterCount: 320 + 18,496 + 204,928 + 1,290 weights and biases.
REFERENCE_PARAMETER_COUNT = 225_034


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=DEFAULT_DATA,
                        help="folder with the four MNIST IDX files, raw or .gz (default: %(default)s)")
    parser.add_argument("--epochs", type=int, default=3, help="passes over the training set (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1,
                        help="seed of the weight initialisation and the shuffle order (default: %(default)s)")
    parser.add_argument("--threads", type=int, default=2,
                        help="value passed to torch.set_num_threads (default: %(default)s)")
    parser.add_argument("--batch-size", type=int, default=32, help="training images per Adam step (default: %(default)s)")
    parser.add_argument("--inference-batch", type=int, default=256,
                        help="images per forward pass when timing inference (default: %(default)s)")
    parser.add_argument("--inference-repeats", type=int, default=3,
                        help="timed passes over the test set; the median is reported (default: %(default)s)")
    parser.add_argument("--out", type=Path, help="also write the JSON result to this file")
    args = parser.parse_args()
    for name in ("epochs", "threads", "batch_size", "inference_batch", "inference_repeats"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be 1 or more; got {getattr(args, name)}")
    return args


def open_idx(folder, name):
    """Open NAME or NAME.gz in folder, preferring the raw file as MnistDataset.Load does."""
    raw = Path(folder) / name
    if raw.is_file():
        return raw, open(raw, "rb")
    compressed = raw.with_name(name + ".gz")
    if compressed.is_file():
        return compressed, gzip.open(compressed, "rb")
    sys.exit(f"error: the IDX file '{name}' (or '{name}.gz') is missing from '{folder}'. "
             "Pass --data with a folder that contains the four MNIST files.")


def read_idx(folder, name, expected_rank):
    """Read an unsigned-byte IDX file and return its contents as a numpy array."""
    path, stream = open_idx(folder, name)
    with stream:
        data = stream.read()
    if len(data) < 4:
        sys.exit(f"error: '{path}' is invalid: it has {len(data)} bytes, fewer than the 4-byte IDX header")
    zero, data_type, rank = struct.unpack(">HBB", data[:4])
    if zero != 0 or data_type != IDX_UNSIGNED_BYTE or rank != expected_rank:
        sys.exit(f"error: '{path}' is invalid: header {data[:4].hex()} is not unsigned-byte IDX of rank {expected_rank}")
    header_length = 4 + 4 * rank
    shape = struct.unpack(f">{rank}I", data[4:header_length])
    expected_length = header_length + int(np.prod(shape))
    if len(data) != expected_length:
        sys.exit(f"error: '{path}' is invalid: shape {shape} needs {expected_length} bytes, but the file has {len(data)}")
    return np.frombuffer(data, dtype=np.uint8, offset=header_length).reshape(shape)


def load_split(folder, images_name, labels_name):
    """Return (images, labels): images as float32 [n, 1, 28, 28] in [0, 1], labels as int64."""
    images = read_idx(folder, images_name, 3)
    labels = read_idx(folder, labels_name, 1)
    if images.shape[0] != labels.shape[0]:
        sys.exit(f"error: {images_name} has {images.shape[0]} images but {labels_name} has {labels.shape[0]} labels")
    if images.shape[1:] != (28, 28):
        sys.exit(f"error: {images_name} has images of {images.shape[1]}x{images.shape[2]} pixels; the CNN needs 28x28")
    if labels.max() > 9:
        sys.exit(f"error: {labels_name} contains label {labels.max()}, but labels must be 0 to 9")
    pixels = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    return pixels.contiguous(), torch.from_numpy(labels.astype(np.int64))


def build_network():
    """Build the reference CNN with torch.nn default initialisation and no padding."""
    return nn.Sequential(
        nn.Conv2d(1, 32, kernel_size=3),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(32, 64, kernel_size=3),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(64 * 5 * 5, 128),
        nn.ReLU(),
        nn.Linear(128, 10),
    )


def train_epoch(model, optimizer, loss_function, images, labels, batch_size, generator):
    """Run one shuffled epoch and return (training seconds, mean loss).

    The shuffle happens before the clock starts, as in CnnTrainer.
    """
    model.train()
    order = torch.randperm(labels.shape[0], generator=generator)
    loss_sum = 0.0
    start = time.perf_counter()
    for first in range(0, labels.shape[0], batch_size):
        indices = order[first:first + batch_size]
        optimizer.zero_grad()
        loss = loss_function(model(images[indices]), labels[indices])
        loss.backward()
        optimizer.step()
        loss_sum += loss.item() * indices.shape[0]
    seconds = time.perf_counter() - start
    return seconds, loss_sum / labels.shape[0]


def predict_probabilities(model, images, batch_size):
    """Return softmax probabilities [n, 10], computed batch by batch like ReferenceCnn.PredictProbabilities."""
    model.eval()
    with torch.inference_mode():
        return torch.cat([torch.softmax(model(images[first:first + batch_size]), dim=1)
                          for first in range(0, images.shape[0], batch_size)])


def accuracy(probabilities, labels):
    """Return the fraction of rows whose largest probability is at the label's index."""
    correct = (probabilities.argmax(dim=1) == labels).sum().item()
    return correct / labels.shape[0]


def loaded_blas_libraries():
    """Return the BLAS, OpenMP and oneDNN shared libraries mapped into this process (Linux only)."""
    try:
        with open("/proc/self/maps", encoding="utf-8") as maps:
            paths = {line.split()[-1] for line in maps if line.rstrip().endswith((".so", ".so.0", ".so.1", ".so.3"))}
    except OSError:
        return []
    return sorted(p for p in paths if any(word in p for word in ("blas", "gomp", "omp", "dnnl")))


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    generator = torch.Generator().manual_seed(args.seed)

    train_images, train_labels = load_split(args.data, FILE_NAMES["train_images"], FILE_NAMES["train_labels"])
    test_images, test_labels = load_split(args.data, FILE_NAMES["test_images"], FILE_NAMES["test_labels"])

    model = build_network()
    parameter_count = sum(p.numel() for p in model.parameters())
    if parameter_count != REFERENCE_PARAMETER_COUNT:
        sys.exit(f"error: the network has {parameter_count} parameters, not the reference CNN's {REFERENCE_PARAMETER_COUNT}")
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_function = nn.CrossEntropyLoss()

    epochs = []
    for epoch in range(1, args.epochs + 1):
        seconds, mean_loss = train_epoch(model, optimizer, loss_function, train_images, train_labels,
                                         args.batch_size, generator)
        test_accuracy = accuracy(predict_probabilities(model, test_images, args.inference_batch), test_labels)
        epochs.append({"epoch": epoch, "seconds": seconds, "mean_loss": mean_loss, "test_accuracy": test_accuracy})
        print(f"epoch {epoch}: {seconds:.1f} s, mean loss {mean_loss:.4f}, test accuracy {test_accuracy:.4f}",
              file=sys.stderr)

    inference_seconds = []
    for _ in range(args.inference_repeats):
        start = time.perf_counter()
        probabilities = predict_probabilities(model, test_images, args.inference_batch)
        inference_seconds.append(time.perf_counter() - start)
    median_seconds = statistics.median(inference_seconds)

    result = {
        "implementation": "pytorch",
        "torch_version": torch.__version__,
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "torch_threads": torch.get_num_threads(),
        "openblas_num_threads_env": os.environ.get("OPENBLAS_NUM_THREADS"),
        "omp_num_threads_env": os.environ.get("OMP_NUM_THREADS"),
        "mkldnn_enabled": torch.backends.mkldnn.is_available() and torch.backends.mkldnn.enabled,
        "native_libraries": loaded_blas_libraries(),
        "parameter_count": parameter_count,
        "seed": args.seed,
        "batch_size": args.batch_size,
        "train_images": int(train_labels.shape[0]),
        "test_images": int(test_labels.shape[0]),
        "epochs": epochs,
        "inference": {
            "batch_size": args.inference_batch,
            "images": int(test_labels.shape[0]),
            "seconds": inference_seconds,
            "median_seconds": median_seconds,
            "images_per_second": test_labels.shape[0] / median_seconds,
            "test_accuracy": accuracy(probabilities, test_labels),
        },
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
