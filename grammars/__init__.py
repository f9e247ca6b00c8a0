"""Lark grammars shipped with reportlint, as package data (see reportlint.grammars.load_grammar)."""
