"""Grounded answers: extractive answerer, abstention, citations, verification, the chain."""
