"""Grounded answers: passage units, extractive answerer, abstention, citations, the chain."""
