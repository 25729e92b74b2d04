"""Classroom evidence and its answer key: a generated, benign, realistic seizure (NTFS, FAT32 and ext4 on one
disk, with an E01 copy), the scorer that compares a trainee's tags with the key, and the demo that runs it all."""
