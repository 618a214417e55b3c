"""Officials' views, one module per page family."""
