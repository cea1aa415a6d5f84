"""Every operation as a named, typed action: one catalogue served by RPC, the CLI and MCP."""
