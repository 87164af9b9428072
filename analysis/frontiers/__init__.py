"""Points -> frontiers and what they imply.

``frontier`` (Pareto set and upper hull), ``compression`` (iso-accuracy ratios, the
length-penalty path), ``snapshots`` (two snapshots of a leaderboard that disagree),
``literature_scores`` (AES, s1, relative change) and ``fits``.
"""
