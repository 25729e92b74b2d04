"""The examination report: what is in it (content), how it looks (HTML and PDF), and its signature."""
