"""Knowledge context: documents, chunks with embeddings, search, duplicates, RAG evaluations."""
