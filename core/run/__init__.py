"""Stage 5, run: configuration, checking files one by one or in parallel, suppressions, baselines."""
