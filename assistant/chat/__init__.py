"""The Chainlit chat: handlers, sign-in and the registry's slash commands."""
