"""matplotlib only: draw_*(ax, numbers, palette) puts computed numbers on axes.

Nothing here computes; every coordinate arrives from gdfig.numerics via a
figure family's compute().
"""
