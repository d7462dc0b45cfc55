"""Reports from the web: a plan's report downloaded as a file, the kabupaten workbook built in the
background (``ReportJob``), and the signature block from the unit's settings."""
