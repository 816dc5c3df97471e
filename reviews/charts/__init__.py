"""Chart geometry for server-rendered SVG: pure functions from numbers to shapes.

histogram.py lays out a wage histogram, series.py a monthly series; context.py turns the
chart data stored with a snapshot (reviews/scoring/charts.py) into what the templates
under templates/reviews/charts/ draw. Nothing here reads the database.
"""
