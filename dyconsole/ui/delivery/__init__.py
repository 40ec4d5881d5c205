"""Delivery promises by region: the panel (host line, tile map, table), its side tab and menu action in the live
window, and its tab in the review window."""
