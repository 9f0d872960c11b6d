"""The analyst's views over stored facts: series and charts, the supply chain and its
concentration, export-control scenarios, alerts."""
