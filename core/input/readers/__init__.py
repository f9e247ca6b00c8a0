"""Input readers: file bytes → Source in the layout the grammar parses."""
