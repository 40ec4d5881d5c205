"""The product side of the live window: the product board (`board`, `board_model`), the surge-hint strip
(`surge_strip`), plugged into the window through its seams by `attachment`; the click heat map (`heatmap`,
`heatmap_attachment`)."""
