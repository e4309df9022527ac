"""Draft the claims of an article: figures in text, guessed kinds and quantities, YAML drafts."""
