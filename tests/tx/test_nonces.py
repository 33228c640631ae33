"""The one nonce manager: consecutive, never shared between threads, read from the node once, re-read
after it is forgotten."""

from __future__ import annotations

import threading

from drex.chain.tx.nonces import NonceManager

A = "0x" + "aa" * 20
B = "0x" + "bb" * 20


class FakeNode:
    """Answers transaction counts, counting the reads."""

    def __init__(self, counts: dict[str, int]):
        self.counts = {k.lower(): v for k, v in counts.items()}
        self.reads = 0

    def __call__(self, address: str, tag: str) -> int:
        self.reads += 1
        return self.counts[address.lower()]


def test_threads_get_distinct_consecutive_nonces_with_one_read() -> None:
    node = FakeNode({A: 7, B: 0})
    nonces = NonceManager(node)
    got: dict[str, list[int]] = {A: [], B: []}
    lock = threading.Lock()
    start = threading.Barrier(8)

    def worker(k: int) -> None:
        start.wait()
        for i in range(400):
            address = A if (i + k) % 2 else B
            if i % 10 == 0:
                first = nonces.reserve(address, 3)
                taken = [first, first + 1, first + 2]
            else:
                taken = [nonces.next(address)]
            with lock:
                got[address].extend(taken)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(got[A]) == list(range(7, 7 + len(got[A])))
    assert sorted(got[B]) == list(range(len(got[B])))
    assert node.reads == 2


def test_forget_and_resync_read_the_node_again() -> None:
    node = FakeNode({A: 5})
    nonces = NonceManager(node)
    assert [nonces.next(A), nonces.next(A)] == [5, 6]
    nonces.forget(A)  # a refused transaction: the node still says 5
    assert nonces.peek(A) is None
    assert nonces.next(A) == 5
    node.counts[A.lower()] = 9  # someone else sent four
    assert nonces.resync(A) == 9
    assert nonces.next(A) == 9
    nonces.forget_all()
    assert nonces.next(A.upper().replace("0X", "0x")) == 9  # any spelling of the address
    assert node.reads == 4


def test_floor_replaces_the_read_and_raises_the_cache() -> None:
    node = FakeNode({A: 3})
    nonces = NonceManager(node)
    assert nonces.reserve(A, 2, floor=10) == 10  # the caller read the node (and a journal) itself
    assert node.reads == 0
    assert nonces.reserve(A, 1, floor=4) == 12  # a lower floor never moves the cache back
    assert nonces.reserve(A, 1, floor=20) == 20
    assert nonces.reserve(A, 0) == 21
    assert nonces.next(A) == 21
