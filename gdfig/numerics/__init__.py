"""The lecture's mathematics in torch (float64). Nothing here imports matplotlib."""
