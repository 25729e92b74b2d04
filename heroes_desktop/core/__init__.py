"""Qt-free foundations shared by every package: errors, versions, progress and cancellation."""
