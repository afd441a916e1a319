"""Challenge briefs: from a need to a workshop-ready brief checked against the value compass."""
