"""core.hll: the sketch's estimate, its union, its stored form; the exact set that turns into it."""
from __future__ import annotations

import random

import pytest

from core.hll import DistinctSet, HyperLogLog


def _ids(n: int, seed: int) -> list[int]:
    r = random.Random(seed)
    return [r.getrandbits(64) for _ in range(n)]


def _sketch(ids, p: int = 12) -> HyperLogLog:
    h = HyperLogLog(p)
    for x in ids:
        h.add(x)
    return h


@pytest.mark.parametrize("n", [0, 1, 10, 200, 3000, 20_000, 100_000])
def test_estimate_is_within_five_percent_small_ranges_included(n):
    est = _sketch(_ids(n, seed=n)).count()
    assert abs(est - n) <= max(0.05 * n, 0.5), (n, est)


def test_adding_the_same_ids_again_changes_nothing():
    ids = _ids(5000, seed=1)
    h = _sketch(ids)
    before = bytes(h.registers)
    for x in ids:
        h.add(x)
    assert bytes(h.registers) == before


def test_union_is_the_sketch_of_the_union():
    a, b = _ids(30_000, seed=2), _ids(30_000, seed=3)
    both = a[:10_000] + b  # overlapping: 40,000 distinct
    left, right = _sketch(a[:10_000] + b[:5000]), _sketch(b)
    left.update(right)
    assert left.registers == _sketch(both).registers
    assert abs(left.count() - 40_000) <= 0.05 * 40_000


def test_stored_form_is_fixed_size_and_reads_back():
    small, big = _sketch(_ids(10, seed=4)), _sketch(_ids(50_000, seed=5))
    assert len(small.to_bytes()) == len(big.to_bytes()) == 3 * 4096 // 4
    again = HyperLogLog.from_bytes(big.to_bytes())
    assert (again.p, again.registers) == (12, big.registers)
    with pytest.raises(ValueError):
        HyperLogLog.from_bytes(b"\x00" * 100)
    with pytest.raises(ValueError):
        HyperLogLog.from_bytes(b"\xff" * 3072)  # registers past the largest possible rank


def test_sketches_of_different_precision_do_not_mix():
    with pytest.raises(ValueError):
        HyperLogLog(12).update(HyperLogLog(10))


def test_distinct_set_is_exact_up_to_its_cap_then_a_sketch():
    s = DistinctSet(cap=100, p=10)
    ids = _ids(101, seed=6)
    for x in ids[:100] * 2:
        s.add(x)
    assert s.exact and s.count() == 100
    stored = s.to_json()
    assert set(stored) == {"exact"}
    assert DistinctSet.from_json(stored, 100, 10).ids == set(ids[:100])
    s.add(ids[100])
    assert not s.exact
    assert set(s.to_json()) == {"hll"}
    assert abs(s.count() - 101) <= 5


def test_distinct_set_union_exact_with_sketch():
    a, b = _ids(50, seed=7), _ids(5000, seed=8)
    exact, sketched = DistinctSet(100, 12, a), DistinctSet(100, 12, b)
    assert exact.exact and not sketched.exact
    union = DistinctSet.from_json(exact.to_json(), 100, 12)
    union.update(sketched)
    assert not union.exact and abs(union.count() - 5050) <= 0.05 * 5050
    two_exact = DistinctSet(100, 12, a)
    two_exact.update(DistinctSet(100, 12, a[:10] + _ids(60, seed=9)))  # 110 distinct: past the cap
    assert not two_exact.exact and abs(two_exact.count() - 110) <= 6


def test_distinct_set_reads_the_first_format_a_list_of_hex_hashes():
    hashes = [f"{x:016x}abcd" for x in _ids(30, seed=10)]
    s = DistinctSet.from_json(hashes, 1000, 12)
    assert s.exact and s.count() == 30
    assert not DistinctSet.from_json(hashes, 10, 12).exact  # over the cap: converted on reading
    for bad in ({"exact": "not base64!"}, {"exact": "AAAA"}, {"other": ""}, 5, ["zz"]):
        with pytest.raises(ValueError):
            DistinctSet.from_json(bad, 1000, 12)
