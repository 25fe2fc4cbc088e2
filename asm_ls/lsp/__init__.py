"""The language server: pygls wiring (server), conversion to the client's
position encoding and LSP types (convert), and settings."""
