"""What the desktop application browses, in SQL over every row: the file table's ids, rows, sort and filters; the
categories and the evidence tree beside it; one item's details and its bytes (read in a worker process)."""
