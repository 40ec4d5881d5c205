"""The 7-day ROI in the windows: the live projection's tile (`live_tile`) and the review's 7-day ROI tab
(`review_tab`), each plugged in through its window's seams."""
