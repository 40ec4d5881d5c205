"""The product side of the live window: the product board (`board`, `board_model`), the surge-hint strip
(`surge_strip`), the click heat map (`heatmap`), the order-adjustment panel (`order_panel`, opened through
`order_attachment`) and the list of order changes with their effect (`order_changes`), plugged into the window
through its seams by `attachment`; the review's products tab (`review_products`: heat map, products table and the
order changes)."""
