"""Arena Assistant: grounded answers, challenge briefs and a registry of interest declarations."""
