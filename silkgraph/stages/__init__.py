"""Pipeline stages: each module adds one layer of analysis to a `pipeline.Doc`."""
