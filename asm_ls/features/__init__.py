"""Editor features: pure functions of the workspace, a document and a position."""
