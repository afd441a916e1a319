"""The REST API under /api/v1, with the Chainlit chat mounted beside it."""
