"""What prepctl remembers between runs, and the one owner of those files: the record of each
schedule, the index of active schedules, the checklist's ticks and header, the sync state.
Nothing outside this package reads or writes them."""
