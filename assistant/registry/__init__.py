"""The registry of interest declarations: declare, review, decide, audit, detect conflicts."""
