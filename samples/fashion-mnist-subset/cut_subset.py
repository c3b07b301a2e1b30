#!/usr/bin/env python3
"""Cut the first 2,000 training and 500 test samples out of Fashion-MNIST.

Reads the IDX gzip files of Debian's dataset-fashion-mnist package and writes
IDX gzip files with the same names into this script's folder. The gzip output
has mtime 0 and no file name in its header, so running the script again gives
the same bytes (with the same zlib version).

Usage: python3 cut_subset.py [SOURCE_FOLDER]
"""

import gzip
import struct
import sys
from pathlib import Path

DEFAULT_SOURCE = Path("/usr/share/datasets/fashion-mnist")
TRAIN_COUNT = 2000
TEST_COUNT = 500

# (file name, expected magic number, header size in bytes, samples to keep)
FILES = [
    ("train-images-idx3-ubyte.gz", 2051, 16, TRAIN_COUNT),
    ("train-labels-idx1-ubyte.gz", 2049, 8, TRAIN_COUNT),
    ("t10k-images-idx3-ubyte.gz", 2051, 16, TEST_COUNT),
    ("t10k-labels-idx1-ubyte.gz", 2049, 8, TEST_COUNT),
]


def cut(source: Path, target: Path, magic: int, header_size: int, keep: int) -> None:
    """Write the first `keep` samples of the IDX file `source` to `target`."""
    data = gzip.decompress(source.read_bytes())
    fields = struct.unpack(">%dI" % (header_size // 4), data[:header_size])
    if fields[0] != magic:
        sys.exit(f"{source}: expected magic number {magic}, found {fields[0]}")
    if fields[1] < keep:
        sys.exit(f"{source}: contains {fields[1]} samples, fewer than the {keep} to keep")

    sample_size = 1
    for dimension in fields[2:]:
        sample_size *= dimension
    header = struct.pack(">%dI" % len(fields), magic, keep, *fields[2:])
    body = data[header_size:header_size + keep * sample_size]

    with open(target, "wb") as output:
        with gzip.GzipFile(filename="", mode="wb", fileobj=output, mtime=0, compresslevel=9) as packed:
            packed.write(header + body)


def main() -> None:
    source_folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    target_folder = Path(__file__).resolve().parent
    for name, magic, header_size, keep in FILES:
        cut(source_folder / name, target_folder / name, magic, header_size, keep)
        print(f"wrote {target_folder / name}")


if __name__ == "__main__":
    main()
