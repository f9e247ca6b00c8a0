"""Stage 2, parse: `Source` → `Document` (Lark layout pass, heading markers, outline, profile match)."""
