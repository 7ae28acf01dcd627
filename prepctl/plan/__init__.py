"""The plan stage: find a plan (bundled or a file), read its YAML with positions, validate it
into a Plan, and the starter plan and JSON Schema editors use."""
