"""dyconsole.services.review.loader."""
