"""The only package that knows the libraries: embedding models, databases, Chroma and LLMs."""
