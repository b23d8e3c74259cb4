"""Where a client's figure stands among its certified peers (issue 18 §4, benchmark).

The percentile rank is the *mean* rank (Hazen): the share of peers below the
value plus half the share equal to it, in per cent,

    rank = 100 · (below + equal / 2) / n,

so that a value above every peer is 100, below every peer 0, and a value
equal to all of them 50, whichever side ties fall on.  It is the figure
``scipy.stats.percentileofscore(peers, value, kind="mean")`` gives.  It is
shown only when at least :data:`MIN_PEERS` peers exist (otherwise a peer
could be recognised), and never names a peer.

>>> percentile_rank(3, [1, 2, 3, 4])        # 2 below, 1 equal, of 4: (2 + 0.5) / 4
Fraction(125, 2)
>>> percentile_rank(9, [1, 2, 3, 4, 5]), percentile_rank(0, [1, 2, 3, 4, 5])
(Fraction(100, 1), Fraction(0, 1))
>>> benchmark(3, [1, 2, 3, 4]) is None      # four peers: too few to show
True
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

MIN_PEERS = 5


def percentile_rank(value, peers: Sequence) -> Fraction:
    """The mean-rank percentile of *value* among *peers* (at least one)."""
    below = sum(1 for p in peers if p < value)
    equal = sum(1 for p in peers if p == value)
    return Fraction(200 * below + 100 * equal, 2 * len(peers))


def benchmark(value, peers: Sequence) -> Fraction | None:
    """:func:`percentile_rank`, or ``None`` with fewer than :data:`MIN_PEERS` peers."""
    return percentile_rank(value, peers) if len(peers) >= MIN_PEERS else None
