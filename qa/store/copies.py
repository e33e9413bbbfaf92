"""Syndicated copies: the same story published again, with its own header or small edits.

A copy is cited once, through its original ("also published by N others").
Both stores find copies the same way: a MinHash signature of each article's
5-word shingles, split into LSH bands (an article shares a band with the
stories it may repeat), then an exact check that one text contains most of
the other's shingles.  The folder store keeps the bands in memory; PostgreSQL
keeps them in a table with a B-tree, so finding candidates never reads the
whole collection.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence

import numpy as np

NUM_PERM = 128
SCHEME = "affine32"  # datasketch's hashing scheme; signatures are stored, so it is fixed
SHINGLE = 5
DUPLICATE_THRESHOLD = 0.8  # share of the shorter text's shingles found in the other
# 25 bands of 5 rows: datasketch's optimum for a Jaccard threshold of 0.5 over 128 permutations.
BANDS, ROWS = 25, 5


def _shingles(text: str) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}


def minhash(text: str) -> np.ndarray:
    """The MinHash signature of a text's 5-word shingles (uint64, NUM_PERM values)."""
    from datasketch import MinHash

    signature = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    signature.update_batch([s.encode() for s in _shingles(text)])
    return np.asarray(signature.hashvalues, dtype=np.uint64)


def band_keys(signature: np.ndarray) -> list[int]:
    """The signature's LSH band keys, as signed 64-bit integers (a PostgreSQL bigint)."""
    values = np.ascontiguousarray(signature, dtype=np.uint64)
    return [int.from_bytes(hashlib.blake2b(bytes([b]) + values[b * ROWS:(b + 1) * ROWS].tobytes(),
                                           digest_size=8).digest(), "little", signed=True)
            for b in range(BANDS)]


def is_copy(first: str, second: str) -> bool:
    """One text holds at least DUPLICATE_THRESHOLD of the other's shingles (the shorter one's)."""
    mine, theirs = _shingles(first), _shingles(second)
    return len(mine & theirs) >= DUPLICATE_THRESHOLD * min(len(mine), len(theirs))


def find_duplicates(new: Sequence[int], candidates: Callable[[int], Iterable[int]],
                    text: Callable[[int], str]) -> dict[int, int]:
    """For each article in ``new`` that repeats another, the article it repeats.

    Articles are named by positions that grow in the order they were added.
    The article matched is the earliest candidate that passes ``is_copy``, not
    one found to be a copy in this call, and not a newer one of ``new``.

    Args:
        new: positions of the articles to check.
        candidates: position -> positions sharing an LSH band with it (itself included or not).
        text: position -> article text.
    """
    new_set = set(new)
    found: dict[int, int] = {}
    for i in sorted(new_set):
        for j in sorted(set(candidates(i))):
            if j == i or j in found or (j in new_set and j > i):
                continue
            if is_copy(text(i), text(j)):
                found[i] = j
                break
    return found


def band_buckets(signatures: np.ndarray) -> Callable[[int], set[int]]:
    """An in-memory LSH over ``signatures`` (one row per position): position -> its candidates."""
    keys = [band_keys(row) for row in signatures]
    buckets: dict[int, list[int]] = {}
    for position, row in enumerate(keys):
        for key in row:
            buckets.setdefault(key, []).append(position)
    return lambda i: {j for key in keys[i] for j in buckets[key]}
