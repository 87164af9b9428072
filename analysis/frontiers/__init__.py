"""Points -> frontiers and what they imply.

``frontier`` (Pareto set and upper hull), ``compression`` (iso-accuracy ratios, the
length-penalty path), ``literature_scores`` (AES, s1, relative change) and ``fits``.
"""
