"""Load generator, servers, ceiling app and fault drills for Readiness (see RESULTS.md)."""
