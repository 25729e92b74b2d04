"""The trainer's windows: the class table of trainees' results, and checking the program against the answer key."""
