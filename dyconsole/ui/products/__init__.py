"""The product side of the live window: the product board (`board`, `board_model`), the surge-hint strip
(`surge_strip`), the order-adjustment panel (`order_panel`, opened through `order_attachment`) and the list of
order changes with their effect (`order_changes`, also a review tab), plugged into the window through its seams
by `attachment`; the click heat map (`heatmap`, `heatmap_attachment`)."""
