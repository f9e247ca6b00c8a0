"""Stage 1, input: a file's bytes → `Source` (decoded text in the layout the grammar parses)."""
