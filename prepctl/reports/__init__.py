"""Reports: progress, today and stats read what is remembered and return figures; the command
line prints them."""
